package dev.logship.logback;

/**
 * The {@code <batch>} element: a batch is cut at {@code maxEvents}, {@code maxBytes} or
 * {@code linger}, whichever comes first. Sizes and durations take human units ({@code 8MB},
 * {@code 1s}).
 */
public class BatchSettings {
    private String maxEvents;
    private String maxBytes;
    private String linger;

    public void setMaxEvents(String maxEvents) { this.maxEvents = maxEvents; }
    public void setMaxBytes(String maxBytes) { this.maxBytes = maxBytes; }
    public void setLinger(String linger) { this.linger = linger; }

    String maxEvents() { return maxEvents; }
    String maxBytes() { return maxBytes; }
    String linger() { return linger; }
}
