package dev.logship.spring;

import dev.logship.core.spill.FsyncPolicy;
import dev.logship.core.spill.SpillDropPolicy;
import dev.logship.core.spill.SpillMode;
import java.time.Duration;
import org.springframework.util.unit.DataSize;

/** {@code logship.spill.*}: the local disk store for what cannot be delivered now; off until a directory is set. */
public class SpillProperties {
    /** This appender's own directory for the spill store (created readable by the process's user only; a second process using it is refused); no spill store when unset. */
    private String directory;
    /** The most bytes the store keeps on disk; beyond it the drop policy decides. */
    private DataSize maxSize = DataSize.ofGigabytes(1);
    /** At max-size: DROP_OLDEST (delete the oldest segment, keep the newest events) or DROP_NEWEST (refuse new batches); every lost event counted as SPILL_FULL. */
    private SpillDropPolicy dropPolicy = SpillDropPolicy.DROP_OLDEST;
    /** When stored batches are forced to disk: NEVER, INTERVAL (every fsync-interval) or ALWAYS (each batch). */
    private FsyncPolicy fsync = FsyncPolicy.INTERVAL;
    /** With fsync INTERVAL: how often the store is forced to disk. */
    private Duration fsyncInterval = Duration.ofSeconds(1);
    /** OVERFLOW: to disk only what cannot be delivered now (sink down or so slow that every sender is busy, retries exhausted, shutdown deadline); WRITE_AHEAD: every batch to disk first, delivered from there. */
    private SpillMode mode = SpillMode.OVERFLOW;
    /** The most stored events replayed per second beside live traffic (0: no limit); the backlog is only replayed while a sender is idle. */
    private int replayRate = 50_000;

    public String getDirectory() { return directory; }
    public void setDirectory(String directory) { this.directory = directory; }
    public DataSize getMaxSize() { return maxSize; }
    public void setMaxSize(DataSize maxSize) { this.maxSize = maxSize; }
    public SpillDropPolicy getDropPolicy() { return dropPolicy; }
    public void setDropPolicy(SpillDropPolicy dropPolicy) { this.dropPolicy = dropPolicy; }
    public FsyncPolicy getFsync() { return fsync; }
    public void setFsync(FsyncPolicy fsync) { this.fsync = fsync; }
    public Duration getFsyncInterval() { return fsyncInterval; }
    public void setFsyncInterval(Duration fsyncInterval) { this.fsyncInterval = fsyncInterval; }
    public SpillMode getMode() { return mode; }
    public void setMode(SpillMode mode) { this.mode = mode; }
    public int getReplayRate() { return replayRate; }
    public void setReplayRate(int replayRate) { this.replayRate = replayRate; }
}
