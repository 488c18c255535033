package dev.logship.core.batch;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.core.diag.PipelineMetrics;
import dev.logship.core.encode.EncodeLimits;
import dev.logship.core.encode.EventEncoder;
import dev.logship.core.event.EventIdGenerator;
import dev.logship.core.event.Level;
import dev.logship.core.event.SimpleLogEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The event that tells the people reading the logs in Kibana or Graylog that some are missing: once
 * delivery works, one WARN event from logger {@value #LOGGER} with the events lost since the last
 * such summary, by reason, and the time span of the losses; at most one per {@code interval}. It is
 * not counted as a delivered application event. Thread-safe.
 */
public final class LossSummary {
    public static final String LOGGER = "dev.logship";

    private final EventEncoder encoder;
    private final PipelineMetrics metrics;
    private final long intervalNanos;
    private final EventIdGenerator ids = new EventIdGenerator();
    private final EncodeLimits limits = new EncodeLimits(Integer.MAX_VALUE, 64 * 1024, 64 * 1024, 1000, false);
    private final EnumMap<DropReason, Long> reported = new EnumMap<>(DropReason.class);
    private Map<DropReason, Long> preparing;
    private long[] preparingWindow;
    private long lastSentNanos;
    private boolean sentOnce;

    public LossSummary(EventEncoder encoder, PipelineMetrics metrics, long intervalNanos) {
        this.encoder = encoder;
        this.metrics = metrics;
        this.intervalNanos = intervalNanos;
    }

    /**
     * Encodes the summary into {@code into} (emptied first) when losses wait to be reported and the last
     * summary is at least the interval old; then deliver it and call {@link #sent()}.
     *
     * @return false when there is nothing to send now
     */
    public synchronized boolean prepare(Batch into, long nowNanos) {
        if (sentOnce && nowNanos - lastSentNanos < intervalNanos) {
            return false;
        }
        MetricsSnapshot snapshot = metrics.snapshot();
        EnumMap<DropReason, Long> lost = new EnumMap<>(DropReason.class);
        long total = 0;
        for (DropReason reason : DropReason.values()) {
            long delta = snapshot.dropped(reason) - reported.getOrDefault(reason, 0L);
            if (delta > 0 && reason != DropReason.STOPPED) {
                lost.put(reason, delta);
                total += delta;
            }
        }
        if (total == 0) {
            return false;
        }
        long[] window = metrics.lossWindow();
        if (window == null) { // losses counted while the previous summary was being sent
            long now = System.currentTimeMillis();
            window = new long[] {now, now};
        }
        SimpleLogEvent event = event(lost, total, window);
        into.clear(Integer.MAX_VALUE);
        try (JsonGenerator generator = Batcher.JSON.createGenerator(into.data())) {
            generator.setRootValueSeparator(null);
            encoder.encode(event, ids.next(), limits, generator);
        } catch (IOException | RuntimeException e) {
            into.clear(Integer.MAX_VALUE);
            return false;
        }
        into.added(0, window[1]);
        preparing = snapshot.dropped();
        preparingWindow = window;
        return true;
    }

    /** The prepared summary was delivered: its losses count as reported. */
    public synchronized void sent() {
        if (preparing == null) {
            return;
        }
        reported.putAll(preparing);
        metrics.lossReported(preparingWindow[0]);
        preparing = null;
        lastSentNanos = System.nanoTime();
        sentOnce = true;
    }

    private static SimpleLogEvent event(Map<DropReason, Long> lost, long total, long[] window) {
        StringBuilder message = new StringBuilder("logship lost ").append(total).append(total == 1 ? " event" : " events")
                .append(" between ").append(Instant.ofEpochMilli(window[0])).append(" and ")
                .append(Instant.ofEpochMilli(window[1])).append(':');
        SimpleLogEvent.Builder builder = SimpleLogEvent.builder().timestamp(Instant.now()).level(Level.WARN)
                .logger(LOGGER).thread(Thread.currentThread().getName());
        String separator = " ";
        for (Map.Entry<DropReason, Long> entry : lost.entrySet()) {
            message.append(separator).append(entry.getValue()).append(' ').append(entry.getKey().text());
            separator = ", ";
            builder.keyValue("logship.lost." + entry.getKey().name().toLowerCase(Locale.ROOT), entry.getValue());
        }
        message.append(" (see the application's logship diagnostics for details)");
        return builder.message(message.toString()).keyValue("logship.lost.total", total)
                .keyValue("logship.lost.from", Instant.ofEpochMilli(window[0]).toString())
                .keyValue("logship.lost.to", Instant.ofEpochMilli(window[1]).toString()).build();
    }
}
