package dev.logship.core.diag;

import java.util.EnumMap;

/**
 * Reports drops at most once per interval, as "dropped N events (reason) in the last Xs", from
 * logship's own thread. The application thread only increments counters.
 */
public final class DropReporter {
    private final PipelineMetrics metrics;
    private final Diagnostics diagnostics;
    private final long intervalNanos;
    private final EnumMap<DropReason, Long> reported = new EnumMap<>(DropReason.class);
    private long lastReportNanos;

    public DropReporter(PipelineMetrics metrics, Diagnostics diagnostics, long intervalNanos, long nowNanos) {
        this.metrics = metrics;
        this.diagnostics = diagnostics;
        this.intervalNanos = intervalNanos;
        this.lastReportNanos = nowNanos - intervalNanos;
        for (DropReason reason : DropReason.values()) {
            reported.put(reason, 0L);
        }
    }

    /** Reports new drops if the interval has passed (or {@code force}); cheap when nothing changed. */
    public void maybeReport(long nowNanos, boolean force) {
        if (!force && nowNanos - lastReportNanos < intervalNanos) {
            return;
        }
        StringBuilder text = null;
        for (DropReason reason : DropReason.values()) {
            long total = metrics.dropped(reason);
            long fresh = total - reported.get(reason);
            if (fresh > 0) {
                reported.put(reason, total);
                text = text == null ? new StringBuilder("logship: dropped ") : text.append(", ");
                text.append(fresh).append(fresh == 1 ? " event (" : " events (").append(reason.text()).append(')');
            }
        }
        if (text != null) {
            long seconds = Math.max(1, (nowNanos - lastReportNanos) / 1_000_000_000L);
            diagnostics.warn(text.append(" in the last ").append(seconds).append('s').toString(), null);
            lastReportNanos = nowNanos;
        }
    }
}
