package dev.logship.core.buffer;

/** What a logging call does when the ring buffer is full. */
public enum OverflowPolicy {
    /** Drop the event at once and count it (the default: the application never waits). */
    DROP,
    /** Wait for a free slot for at most {@code maxBlock}, then drop and count. */
    BLOCK
}
