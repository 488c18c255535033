package dev.logship.core.spill;

/** What gives when the spill store reaches {@code spill.maxSize}; either way every lost event is counted. */
public enum SpillDropPolicy {
    /** Delete the oldest segment to make room: the most recent events are kept. The default. */
    DROP_OLDEST,
    /** Refuse new batches until the backlog shrinks: the oldest events are kept. */
    DROP_NEWEST
}
