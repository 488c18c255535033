package dev.logship.spring;

import java.time.Duration;
import org.springframework.util.unit.DataSize;

/** {@code logship.batch.*}: when a batch is cut and sent. */
public class BatchProperties {
    /** The most events in one batch. */
    private int maxEvents = 5000;
    /** The most encoded bytes in one batch, before compression. */
    private DataSize maxBytes = DataSize.ofMegabytes(5);
    /** How long the first event of a batch waits for more before the batch is sent. */
    private Duration linger = Duration.ofSeconds(1);

    public int getMaxEvents() { return maxEvents; }
    public void setMaxEvents(int maxEvents) { this.maxEvents = maxEvents; }
    public DataSize getMaxBytes() { return maxBytes; }
    public void setMaxBytes(DataSize maxBytes) { this.maxBytes = maxBytes; }
    public Duration getLinger() { return linger; }
    public void setLinger(Duration linger) { this.linger = linger; }
}
