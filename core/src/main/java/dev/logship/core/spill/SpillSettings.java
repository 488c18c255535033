package dev.logship.core.spill;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code spill.*} settings.
 *
 * @param directory     the appender's own directory for segment files (created, owner-only, when missing)
 * @param maxSize       cap on the bytes of all segments together
 * @param dropPolicy    what gives at the cap
 * @param fsync         when writes are forced to disk
 * @param fsyncInterval for {@link FsyncPolicy#INTERVAL}
 * @param mode          which batches go to disk
 * @param replayRate    most events per second the replayer sends beside live traffic; 0 for no limit
 */
public record SpillSettings(Path directory, long maxSize, SpillDropPolicy dropPolicy, FsyncPolicy fsync,
                            Duration fsyncInterval, SpillMode mode, int replayRate) {
    public static final long DEFAULT_MAX_SIZE = 1L << 30;
    public static final SpillDropPolicy DEFAULT_DROP_POLICY = SpillDropPolicy.DROP_OLDEST;
    public static final FsyncPolicy DEFAULT_FSYNC = FsyncPolicy.INTERVAL;
    public static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofSeconds(1);
    public static final SpillMode DEFAULT_MODE = SpillMode.OVERFLOW;
    public static final int DEFAULT_REPLAY_RATE = 50_000;
    /** The smallest cap that holds a few segments. */
    public static final long MIN_MAX_SIZE = 64L << 10;

    public SpillSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(dropPolicy, "dropPolicy");
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(fsyncInterval, "fsyncInterval");
        Objects.requireNonNull(mode, "mode");
    }

    /** The defaults, in {@code directory}. */
    public static SpillSettings in(Path directory) {
        return new SpillSettings(directory, DEFAULT_MAX_SIZE, DEFAULT_DROP_POLICY, DEFAULT_FSYNC,
                DEFAULT_FSYNC_INTERVAL, DEFAULT_MODE, DEFAULT_REPLAY_RATE);
    }

    public SpillSettings withMaxSize(long value) {
        return new SpillSettings(directory, value, dropPolicy, fsync, fsyncInterval, mode, replayRate);
    }

    public SpillSettings withDropPolicy(SpillDropPolicy value) {
        return new SpillSettings(directory, maxSize, value, fsync, fsyncInterval, mode, replayRate);
    }

    public SpillSettings withFsync(FsyncPolicy value) {
        return new SpillSettings(directory, maxSize, dropPolicy, value, fsyncInterval, mode, replayRate);
    }

    public SpillSettings withFsyncInterval(Duration value) {
        return new SpillSettings(directory, maxSize, dropPolicy, fsync, value, mode, replayRate);
    }

    public SpillSettings withReplayRate(int value) {
        return new SpillSettings(directory, maxSize, dropPolicy, fsync, fsyncInterval, mode, value);
    }

    public SpillSettings withMode(SpillMode value) {
        return new SpillSettings(directory, maxSize, dropPolicy, fsync, fsyncInterval, value, replayRate);
    }

    /** Segment files are rolled at this size: an eighth of the cap, between 64 KiB and 64 MiB. */
    long segmentSize() {
        return Math.max(16L << 10, Math.min(64L << 20, maxSize / 8));
    }
}
