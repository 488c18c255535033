package dev.logship.core.spill;

import java.nio.file.Path;

/** One segment file of a {@link SpillStore}, as the store knows it. */
final class SpillSegment {
    final long id;
    final Path path;
    long size;
    long records;
    long events;
    /** Events of this segment's records at or past the cursor. */
    long pending;
    long oldestMillis = Long.MAX_VALUE;
    long newestMillis = Long.MIN_VALUE;

    SpillSegment(long id, Path path, long size) {
        this.id = id;
        this.path = path;
        this.size = size;
    }
}
