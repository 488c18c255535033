package dev.logship.log4j2;

import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.MapMessage;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.status.StatusLogger;
import org.apache.logging.log4j.util.ReadOnlyStringMap;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;

/**
 * The copy of a Log4j2 event that {@link LogshipAppender} takes on the application thread: Log4j2 reuses
 * events and messages in garbage-free and async modes, so nothing mutable of the event is kept.
 */
final class Log4j2Capture {
    private static final StatusLogger STATUS = StatusLogger.getLogger();
    private static final StringMap EMPTY_CONTEXT = new SortedArrayStringMap(0);

    static {
        EMPTY_CONTEXT.freeze();
    }

    private final String appender;
    private final boolean includeLocation;
    private final java.util.concurrent.atomic.AtomicBoolean warnedNoLocation = new java.util.concurrent.atomic.AtomicBoolean();

    Log4j2Capture(String appender, boolean includeLocation) {
        this.appender = appender;
        this.includeLocation = includeLocation;
    }

    /**
     * What the encode thread needs, copied: the message formatted now (its parameters, and a reused
     * message object, may change later), the context data and stack copied, and the caller's location only
     * when {@code includeLocation} is set — {@link LogEvent#toImmutable()} would compute it for every event
     * of a synchronous logger (a stack walk: ~10 µs and kilobytes of garbage per call).
     */
    LogEvent copy(LogEvent event) {
        Message message = event.getMessage();
        Message kept = message instanceof MapMessage ? new MapSnapshot((MapMessage<?, ?>) message) // text and fields
                : new SimpleMessage(message == null ? null : message.getFormattedMessage());
        ReadOnlyStringMap context = event.getContextData();
        StringMap data = context == null || context.isEmpty() ? EMPTY_CONTEXT : new SortedArrayStringMap(context);
        data.freeze();
        ThreadContext.ContextStack stack = event.getContextStack();
        Log4jLogEvent.Builder builder = Log4jLogEvent.newBuilder()
                .setLoggerName(event.getLoggerName())
                .setLoggerFqcn(event.getLoggerFqcn())
                .setLevel(event.getLevel())
                .setMarker(event.getMarker())
                .setMessage(kept)
                .setThrown(event.getThrown())
                .setContextData(data)
                .setContextStack(stack == null || stack.getDepth() == 0 ? ThreadContext.EMPTY_STACK : stack.copy())
                .setThreadName(event.getThreadName())
                .setThreadId(event.getThreadId())
                .setThreadPriority(event.getThreadPriority())
                .setInstant(event.getInstant())
                .setNanoTime(event.getNanoTime())
                .setEndOfBatch(event.isEndOfBatch())
                .setIncludeLocation(false);
        if (includeLocation) {
            StackTraceElement source = event.getSource(); // null when the logger captured none (async, no includeLocation)
            if (source != null) {
                builder.setSource(source);
            } else if (warnedNoLocation.compareAndSet(false, true)) {
                STATUS.warn("logship: appender '{}' has includeLocation=\"true\" but logger '{}' gave no location; set "
                        + "includeLocation=\"true\" on its <Root>/<Logger> too (Log4j2's default is false with async "
                        + "loggers)", appender, event.getLoggerName());
            }
        }
        return builder.build();
    }
}
