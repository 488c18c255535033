package dev.logship.logback;

/**
 * The {@code <spill>} element: where batches that cannot be delivered now are kept on disk and
 * replayed from. Without a {@code directory} there is no spill store.
 *
 * <pre>{@code
 * <spill>
 *   <directory>/var/spool/checkout</directory>  <!-- this appender's own; created owner-only -->
 *   <maxSize>1GB</maxSize>                       <!-- cap on the segment files -->
 *   <dropPolicy>DROP_OLDEST</dropPolicy>         <!-- or DROP_NEWEST, at the cap -->
 *   <fsync>INTERVAL</fsync>                      <!-- NEVER | INTERVAL | ALWAYS -->
 *   <fsyncInterval>1s</fsyncInterval>
 *   <mode>OVERFLOW</mode>                        <!-- or WRITE_AHEAD -->
 *   <replayRate>50000</replayRate>               <!-- events/s replayed beside live traffic; 0 = no limit -->
 * </spill>
 * }</pre>
 */
public class SpillSettings {
    private String directory;
    private String maxSize;
    private String dropPolicy;
    private String fsync;
    private String fsyncInterval;
    private String mode;
    private String replayRate;

    public void setDirectory(String directory) { this.directory = directory; }
    public void setMaxSize(String maxSize) { this.maxSize = maxSize; }
    public void setDropPolicy(String dropPolicy) { this.dropPolicy = dropPolicy; }
    public void setFsync(String fsync) { this.fsync = fsync; }
    public void setFsyncInterval(String fsyncInterval) { this.fsyncInterval = fsyncInterval; }
    public void setMode(String mode) { this.mode = mode; }
    public void setReplayRate(String replayRate) { this.replayRate = replayRate; }

    String directory() { return directory; }
    String maxSize() { return maxSize; }
    String dropPolicy() { return dropPolicy; }
    String fsync() { return fsync; }
    String fsyncInterval() { return fsyncInterval; }
    String mode() { return mode; }
    String replayRate() { return replayRate; }
}
