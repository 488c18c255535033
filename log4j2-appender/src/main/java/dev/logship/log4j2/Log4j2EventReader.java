package dev.logship.log4j2;

import dev.logship.core.event.EventReader;
import dev.logship.core.event.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.message.MapMessage;
import org.apache.logging.log4j.message.Message;

/**
 * Reads an immutable copy of a Log4j2 event (made on the application thread by {@link LogshipAppender})
 * on logship's encode thread: the formatted message, the ThreadContext map as MDC, {@link MapMessage}
 * (and so {@code StructuredDataMessage}) entries as structured key-values, markers and the
 * ThreadContext stack as tags, the throwable, and the source location when the configuration asked
 * for it. One reusable view; not thread-safe (the encode thread is one thread).
 */
final class Log4j2EventReader implements EventReader<LogEvent> {
    private final View view = new View();
    private final boolean includeLocation;

    Log4j2EventReader(boolean includeLocation) {
        this.includeLocation = includeLocation;
    }

    @Override
    public dev.logship.core.event.LogEvent read(LogEvent captured, Object attachment) {
        view.reset(captured, includeLocation);
        return view;
    }

    static Level level(org.apache.logging.log4j.Level level) {
        if (level == null) {
            return Level.INFO;
        }
        int value = level.intLevel();
        if (value <= org.apache.logging.log4j.Level.FATAL.intLevel()) {
            return Level.FATAL;
        }
        if (value <= org.apache.logging.log4j.Level.ERROR.intLevel()) {
            return Level.ERROR;
        }
        if (value <= org.apache.logging.log4j.Level.WARN.intLevel()) {
            return Level.WARN;
        }
        if (value <= org.apache.logging.log4j.Level.INFO.intLevel()) {
            return Level.INFO;
        }
        return value <= org.apache.logging.log4j.Level.DEBUG.intLevel() ? Level.DEBUG : Level.TRACE;
    }

    private static final class View implements dev.logship.core.event.LogEvent {
        private LogEvent event;
        private final List<String> keys = new ArrayList<>();
        private final List<Object> values = new ArrayList<>();
        private final List<String> tags = new ArrayList<>();
        private Map<String, String> mdc;

        void reset(LogEvent next, boolean includeLocation) {
            this.event = next;
            keys.clear();
            values.clear();
            tags.clear();
            mdc = next.getContextData() == null ? Map.of() : next.getContextData().toMap();
            Message message = next.getMessage();
            if (message instanceof MapSnapshot) { // what the appender took from a MapMessage
                ((MapSnapshot) message).data().forEach((key, value) -> {
                    keys.add(key);
                    values.add(value);
                });
            } else if (message instanceof MapMessage) {
                ((MapMessage<?, ?>) message).forEach((key, value) -> {
                    keys.add(key);
                    values.add(value);
                });
            }
            addMarker(next.getMarker());
            ThreadContext.ContextStack stack = next.getContextStack();
            if (stack != null && stack.getDepth() > 0) {
                tags.addAll(stack.asList());
            }
            if (includeLocation && next.getSource() != null) {
                StackTraceElement source = next.getSource();
                keys.add("log.origin.function");
                values.add(source.getClassName() + "." + source.getMethodName());
                keys.add("log.origin.file.line");
                values.add(source.getLineNumber());
            }
        }

        private void addMarker(Marker marker) {
            if (marker == null || tags.contains(marker.getName())) {
                return;
            }
            tags.add(marker.getName());
            Marker[] parents = marker.getParents();
            if (parents != null) {
                for (Marker parent : parents) {
                    addMarker(parent);
                }
            }
        }

        @Override public long epochSecond() { return event.getInstant().getEpochSecond(); }
        @Override public int nanoOfSecond() { return event.getInstant().getNanoOfSecond(); }
        @Override public Level level() { return Log4j2EventReader.level(event.getLevel()); }
        @Override public String loggerName() { return event.getLoggerName() == null ? "" : event.getLoggerName(); }
        @Override public String threadName() { return event.getThreadName(); }

        @Override
        public CharSequence message() {
            Message message = event.getMessage();
            if (message == null) {
                return null;
            }
            return message.getFormattedMessage();
        }

        @Override public Map<String, String> mdc() { return mdc; }
        @Override public int keyValueCount() { return keys.size(); }
        @Override public String keyValueKey(int index) { return keys.get(index); }
        @Override public Object keyValueValue(int index) { return values.get(index); }
        @Override public int tagCount() { return tags.size(); }
        @Override public String tag(int index) { return tags.get(index); }
        @Override public Throwable throwable() { return event.getThrown(); }
    }
}
