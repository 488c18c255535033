package dev.logship.benchmarks;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/**
 * The baseline: an appender that does nothing with the event, so that a call through it costs what
 * Logback itself costs (level check, event creation, appender dispatch). It extends
 * {@link UnsynchronizedAppenderBase}, as {@code LogshipAppender} does: {@code AppenderBase} would add a
 * monitor that several producer threads fight over, slowing the baseline down by a cost that is not
 * Logback's and flattering logship's ratio.
 */
final class NoopAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    /** One slot per producer thread, a cache line apart, so that producers never contend here. */
    private static final int SLOT_SPACING = 16;
    private static final int SLOTS = 8;

    /**
     * Each event is stored, so it escapes to the heap as it does with a real appender: the JIT cannot
     * scalar-replace it away, which would flatter the baseline (a store on a branch never taken is not
     * enough; the JIT prunes such branches). Slots are per thread (by id) to avoid false sharing.
     */
    private final ILoggingEvent[] escaped = new ILoggingEvent[SLOTS * SLOT_SPACING];

    @Override
    protected void append(ILoggingEvent event) {
        escaped[(int) (Thread.currentThread().getId() & (SLOTS - 1)) * SLOT_SPACING] = event;
    }
}
