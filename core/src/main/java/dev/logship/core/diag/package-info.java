/** Diagnostics: counters, snapshots, the JMX bean and rate-limited reports of drops. */
package dev.logship.core.diag;
