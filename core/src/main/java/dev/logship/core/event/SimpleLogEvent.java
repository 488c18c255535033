package dev.logship.core.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An immutable {@link LogEvent} built field by field: for copies, tests and benchmarks. */
public final class SimpleLogEvent implements LogEvent {
    private final Instant timestamp;
    private final Level level;
    private final String loggerName;
    private final String threadName;
    private final String message;
    private final Map<String, String> mdc;
    private final List<String> keys;
    private final List<Object> values;
    private final List<String> tags;
    private final Throwable throwable;

    private SimpleLogEvent(Builder b) {
        this.timestamp = b.timestamp;
        this.level = b.level;
        this.loggerName = b.loggerName;
        this.threadName = b.threadName;
        this.message = b.message;
        this.mdc = Collections.unmodifiableMap(new LinkedHashMap<>(b.mdc));
        this.keys = List.copyOf(b.keys);
        this.values = Collections.unmodifiableList(new ArrayList<>(b.values));
        this.tags = List.copyOf(b.tags);
        this.throwable = b.throwable;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override public long epochSecond() { return timestamp.getEpochSecond(); }
    @Override public int nanoOfSecond() { return timestamp.getNano(); }
    @Override public Level level() { return level; }
    @Override public String loggerName() { return loggerName; }
    @Override public String threadName() { return threadName; }
    @Override public String message() { return message; }
    @Override public Map<String, String> mdc() { return mdc; }
    @Override public int keyValueCount() { return keys.size(); }
    @Override public String keyValueKey(int index) { return keys.get(index); }
    @Override public Object keyValueValue(int index) { return values.get(index); }
    @Override public int tagCount() { return tags.size(); }
    @Override public String tag(int index) { return tags.get(index); }
    @Override public Throwable throwable() { return throwable; }

    /** Builds a {@link SimpleLogEvent}; unset fields get harmless defaults. */
    public static final class Builder {
        private Instant timestamp = Instant.now();
        private Level level = Level.INFO;
        private String loggerName = "";
        private String threadName;
        private String message;
        private final Map<String, String> mdc = new LinkedHashMap<>();
        private final List<String> keys = new ArrayList<>();
        private final List<Object> values = new ArrayList<>();
        private final List<String> tags = new ArrayList<>();
        private Throwable throwable;

        public Builder timestamp(Instant value) { this.timestamp = value; return this; }
        public Builder level(Level value) { this.level = value; return this; }
        public Builder logger(String value) { this.loggerName = value == null ? "" : value; return this; }
        public Builder thread(String value) { this.threadName = value; return this; }
        public Builder message(String value) { this.message = value; return this; }
        public Builder mdc(String key, String value) { this.mdc.put(key, value); return this; }
        public Builder mdc(Map<String, String> values) { this.mdc.putAll(values); return this; }
        public Builder keyValue(String key, Object value) { keys.add(key); values.add(value); return this; }
        public Builder tag(String value) { this.tags.add(value); return this; }
        public Builder throwable(Throwable value) { this.throwable = value; return this; }

        public SimpleLogEvent build() {
            return new SimpleLogEvent(this);
        }
    }
}
