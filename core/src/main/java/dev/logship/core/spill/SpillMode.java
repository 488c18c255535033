package dev.logship.core.spill;

/** Which batches go to the spill store. */
public enum SpillMode {
    /**
     * Only batches that cannot be delivered now: the sink is down or slow (every sender busy), retries
     * are exhausted, or the shutdown deadline was reached. The default.
     */
    OVERFLOW,
    /** Every batch is written to disk first and delivered from there: crash-durable, at the cost of disk I/O. */
    WRITE_AHEAD
}
