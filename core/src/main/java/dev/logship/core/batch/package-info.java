/** The encode-and-batch consumer: events into size- and time-bounded batches. */
package dev.logship.core.batch;
