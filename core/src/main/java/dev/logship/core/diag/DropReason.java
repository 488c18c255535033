package dev.logship.core.diag;

/** Why an event that an application logged did not reach the sink. Every drop is counted by reason. */
public enum DropReason {
    /** The ring buffer was full ({@code overflowPolicy=DROP}, or {@code BLOCK} past {@code maxBlock}). */
    RING_FULL("ring full", false),
    /** The appender could not capture the event on the application thread (a framework error). */
    CAPTURE_FAILED("capture failed", false),
    /** Logged after the pipeline stopped. */
    STOPPED("logged after stop", false),
    /** The event could not be encoded even in its truncated form. */
    ENCODE_FAILED("encode failed", true),
    /** Delivery of its batch failed for good: a permanent HTTP error, or retries exhausted. */
    DELIVERY_FAILED("delivery failed", true),
    /** The sink rejected the event itself permanently (for example a mapping conflict). */
    REJECTED("rejected by sink", true),
    /** Still queued or in flight when {@code shutdownTimeout} ran out (and there is no spill store to keep it). */
    SHUTDOWN("shutdown timeout", true),
    /** The spill store was at {@code spill.maxSize}: pushed out ({@code DROP_OLDEST}) or refused ({@code DROP_NEWEST}). */
    SPILL_FULL("spill full", true),
    /** The spill store could not write the event's batch (a disk error: full, read-only, failing). */
    SPILL_FAILED("spill write failed", true),
    /** A spilled record failed its checksum when read back. */
    SPILL_CORRUPT("corrupt spill record", true);

    private final String text;
    private final boolean afterAccept;

    DropReason(String text, boolean afterAccept) {
        this.text = text;
        this.afterAccept = afterAccept;
    }

    /** True for losses of events that had been accepted into the ring buffer (and so were received). */
    public boolean afterAccept() {
        return afterAccept;
    }

    /** Words for messages, e.g. "ring full". */
    public String text() {
        return text;
    }
}
