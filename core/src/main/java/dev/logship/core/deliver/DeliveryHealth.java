package dev.logship.core.deliver;

import dev.logship.core.diag.Diagnostics;
import dev.logship.core.diag.SinkStatus;
import java.util.concurrent.TimeUnit;

/**
 * Reports delivery trouble without flooding: the first failure at once, then at most one summary
 * per interval, and once "recovered after N failed attempts" when a delivery succeeds again. Also knows
 * whether the sink is {@link #down()}, which decides where a new batch goes in overflow spill mode.
 * Thread-safe; called by the sender threads.
 */
final class DeliveryHealth {
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Diagnostics diagnostics;
    private final String sink;
    private long failures;
    private long failuresSinceReport;
    private long lastReportNanos;
    private long rejectedSinceReport;
    private long lastRejectReportNanos;
    private String lastError;
    private long lastSuccessMillis;
    private long failingSinceMillis;
    private boolean answered;
    private final Object downLock = new Object();
    private volatile boolean down;

    DeliveryHealth(Diagnostics diagnostics, String sink) {
        this.diagnostics = diagnostics;
        this.sink = sink;
    }

    synchronized void failed(String reason, long nowNanos) {
        if (failures == 0) {
            failingSinceMillis = System.currentTimeMillis();
        }
        failures++;
        lastError = reason;
        answered = true;
        failuresSinceReport++;
        if (failures == 1 || nowNanos - lastReportNanos >= INTERVAL_NANOS) {
            diagnostics.warn("logship: delivery to " + sink + " failing (" + failuresSinceReport
                    + (failuresSinceReport == 1 ? " attempt" : " attempts") + " since last report): " + reason, null);
            failuresSinceReport = 0;
            lastReportNanos = nowNanos;
        }
    }

    synchronized void succeeded() {
        lastSuccessMillis = System.currentTimeMillis();
        answered = true;
        if (failures > 0) {
            failingSinceMillis = 0;
            diagnostics.info("logship: delivery to " + sink + " recovered after " + failures + " failed attempts");
            failures = 0;
            failuresSinceReport = 0;
        }
    }

    /** Permanent rejections of single events (a mapping conflict, say): reported at most once per interval. */
    synchronized void rejected(int events, String example, long nowNanos) {
        rejectedSinceReport += events;
        if (lastRejectReportNanos == 0 || nowNanos - lastRejectReportNanos >= INTERVAL_NANOS) {
            diagnostics.warn("logship: " + sink + " rejected " + rejectedSinceReport
                    + " events for good (not retried); for example: " + example, null);
            rejectedSinceReport = 0;
            lastRejectReportNanos = nowNanos;
        }
    }

    synchronized SinkStatus status() {
        if (!answered) {
            return SinkStatus.UNKNOWN;
        }
        return new SinkStatus(failures > 0 ? SinkStatus.State.FAILING
                : SinkStatus.State.UP, failures, lastError, lastSuccessMillis, failingSinceMillis);
    }

    /**
     * Whether the sink is down: a live request got no usable answer (connection refused or reset, a timeout, a
     * whole-request 5xx or 429, a bulk reply with every item throttled: nothing delivered or rejected) and no
     * request got one since. Narrower than {@link #status()} failing: a bulk reply with a few items throttled and the
     * rest delivered does not make the sink down (it answers), nor does a failed request of the replayer.
     */
    boolean down() {
        return down;
    }

    /**
     * Keeps {@link #down()} current with what one request came to: any answer that delivered or rejected events (or
     * settled the request) clears it; a live request without one sets it. A request the sink refused for good (401,
     * 403, 400) changes nothing.
     *
     * @return whether the request got no usable answer
     */
    boolean track(DeliveryResult result, boolean live) {
        boolean usable = result.delivered() + result.rejectedCount() > 0
                || result.outcome() == DeliveryResult.Outcome.DONE || result.outcome() == DeliveryResult.Outcome.TOO_LARGE;
        if (usable) {
            if (down) {
                synchronized (downLock) {
                    down = false;
                    downLock.notifyAll();
                }
            }
            return false;
        }
        boolean unanswered = result.outcome() == DeliveryResult.Outcome.RETRY;
        if (unanswered && live) {
            down = true;
        }
        return unanswered;
    }

    /** Waits up to {@code nanos}, returning early once the sink is no longer {@link #down()}. */
    void awaitAnswer(long nanos) throws InterruptedException {
        long until = System.nanoTime() + nanos;
        synchronized (downLock) {
            for (long left = nanos; down && left > 0; left = until - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(downLock, left);
            }
        }
    }
}
