package dev.logship.benchmarks;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * The baseline: an appender that does nothing with the event, so that a call through it costs what
 * Logback itself costs (level check, event creation, appender dispatch).
 */
final class NoopAppender extends AppenderBase<ILoggingEvent> {
    /**
     * Written, never read: the event escapes to the heap as it does with a real appender, so the JIT
     * cannot prove it unused and scalar-replace it away (which would flatter the baseline).
     */
    private ILoggingEvent last;

    @Override
    protected void append(ILoggingEvent event) {
        last = event;
    }
}
