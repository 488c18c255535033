/** The spill store: batches that cannot be delivered now, kept on disk and replayed later. */
package dev.logship.core.spill;
