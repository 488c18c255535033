package dev.logship.core.encode;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.logship.core.event.EventIdGenerator;
import dev.logship.core.event.LogEvent;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes one event as a GELF 1.1 message (one JSON object, no framing): {@code version},
 * {@code host} (never blank), {@code short_message} (never blank: {@value #EMPTY_MESSAGE} stands in),
 * {@code full_message} (the message and stack trace, when there is a throwable), {@code timestamp}
 * (seconds with a microsecond fraction), syslog {@code level}, and additional fields {@code _logger},
 * {@code _thread}, {@code _service}, {@code _event_id}, static fields, MDC entries and key-values
 * (names reduced to {@code [A-Za-z0-9_.-]}; {@code id} becomes {@code _id_} since Graylog drops
 * {@code _id}), {@code _tags} (comma separated), {@code _error_type}, {@code _error_message} and
 * {@code _error_stack_trace}. Booleans are sent as text, which Graylog keeps. A truncated event
 * carries {@code "_logship_truncated": "true"}.
 */
public final class GelfEncoder implements EventEncoder {
    /** What {@code short_message} says when the event's message is null or blank. */
    public static final String EMPTY_MESSAGE = "(empty message)";

    private static final SerializedString VERSION = new SerializedString("version");
    private static final SerializedString HOST = new SerializedString("host");
    private static final SerializedString SHORT = new SerializedString("short_message");
    private static final SerializedString FULL = new SerializedString("full_message");
    private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializedString LEVEL = new SerializedString("level");
    private static final SerializedString LOGGER = new SerializedString("_logger");
    private static final SerializedString THREAD = new SerializedString("_thread");
    private static final SerializedString SERVICE = new SerializedString("_service");
    private static final SerializedString EVENT_ID = new SerializedString("_event_id");
    private static final SerializedString LEVEL_NAME = new SerializedString("_level_name");
    private static final SerializedString TAGS = new SerializedString("_tags");
    private static final SerializedString ERROR_TYPE = new SerializedString("_error_type");
    private static final SerializedString ERROR_MESSAGE = new SerializedString("_error_message");
    private static final SerializedString ERROR_TRACE = new SerializedString("_error_stack_trace");
    private static final SerializedString TRUNCATED = new SerializedString("_logship_truncated");

    private final SerializedString serviceName;
    private final SerializedString hostName;
    private final SerializedString[] staticNames;
    private final String[] staticKeys;
    private final String[] staticValues;
    private final FieldNames names;
    private final Timestamps timestamps = new Timestamps();
    private final StackTraceRenderer traces;
    private final StringBuilder full = new StringBuilder(1024);
    private final StringBuilder tags = new StringBuilder(64);
    private final char[] scratch = new char[8192];
    private final SerializedString[] written = new SerializedString[64];

    public GelfEncoder(EncoderSettings settings) {
        this.serviceName = settings.serviceName() == null ? null : new SerializedString(settings.serviceName());
        this.hostName = new SerializedString(settings.hostName());
        Set<String> reserved = new HashSet<>(Set.of("_id", "_logger", "_thread", "_service", "_event_id",
                "_level_name", "_tags", "_error_type", "_error_message", "_error_stack_trace",
                "_logship_truncated"));
        this.names = new FieldNames("_", GelfEncoder::gelfName, Set.copyOf(reserved));
        int n = settings.staticFields().size();
        this.staticNames = new SerializedString[n];
        this.staticKeys = new String[n];
        this.staticValues = new String[n];
        int i = 0;
        for (Map.Entry<String, String> field : settings.staticFields().entrySet()) {
            staticKeys[i] = field.getKey();
            staticNames[i] = names.name(field.getKey());
            staticValues[i] = field.getValue();
            i++;
        }
        this.traces = new StackTraceRenderer(settings.maxStackFrames());
    }

    private static String gelfName(String key) {
        String name = FieldNames.gelf(key);
        return name.equals("id") ? "id_" : name;
    }

    @Override
    public void encode(LogEvent event, char[] eventId, EncodeLimits limits, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeFieldName(VERSION);
        out.writeString("1.1");
        out.writeFieldName(HOST);
        out.writeString(hostName);
        CharSequence message = event.message();
        out.writeFieldName(SHORT);
        JsonValues.text(out, message == null || JsonValues.isBlank(message) ? EMPTY_MESSAGE : message,
                limits.messageChars(), scratch);
        Throwable thrown = event.throwable();
        StringBuilder trace = thrown == null || limits.traceChars() == 0 ? null : traces.render(thrown, limits.traceChars());
        if (trace != null) {
            full.setLength(0);
            if (message != null) {
                full.append(message, 0, cutLength(message, limits.messageChars()));
            }
            full.append('\n').append(trace);
            out.writeFieldName(FULL);
            JsonValues.text(out, full, limits.messageChars() == Integer.MAX_VALUE ? Integer.MAX_VALUE
                    : limits.messageChars() + limits.traceChars(), scratch);
        }
        out.writeFieldName(TIMESTAMP);
        int length = timestamps.epochSeconds(event.epochSecond(), event.nanoOfSecond());
        out.writeNumber(timestamps.epochBuffer(), 0, length);
        out.writeFieldName(LEVEL);
        out.writeNumber(event.level().syslog());
        out.writeFieldName(LEVEL_NAME);
        out.writeString(event.level().name());
        out.writeFieldName(LOGGER);
        JsonValues.text(out, event.loggerName(), limits.fieldChars());
        if (event.threadName() != null) {
            out.writeFieldName(THREAD);
            JsonValues.text(out, event.threadName(), limits.fieldChars());
        }
        if (serviceName != null) {
            out.writeFieldName(SERVICE);
            out.writeString(serviceName);
        }
        out.writeFieldName(EVENT_ID);
        out.writeString(eventId, 0, EventIdGenerator.LENGTH);
        if (limits.entries() > 0) {
            writeFields(event, limits, out);
        }
        if (thrown != null) {
            out.writeFieldName(ERROR_TYPE);
            out.writeString(thrown.getClass().getName());
            String error = StackTraceRenderer.message(thrown);
            if (error != null) {
                out.writeFieldName(ERROR_MESSAGE);
                JsonValues.text(out, error, limits.messageChars());
            }
            if (trace != null) {
                out.writeFieldName(ERROR_TRACE);
                JsonValues.text(out, trace, limits.traceChars(), scratch);
            }
        }
        if (limits.truncated()) {
            out.writeFieldName(TRUNCATED);
            out.writeString("true");
        }
        out.writeEndObject();
    }

    private void writeFields(LogEvent event, EncodeLimits limits, JsonGenerator out) throws IOException {
        Map<String, String> mdc = event.mdc();
        for (int i = 0; i < staticNames.length; i++) {
            if (!mdc.containsKey(staticKeys[i])) {
                out.writeFieldName(staticNames[i]);
                JsonValues.text(out, staticValues[i], limits.fieldChars());
            }
        }
        int count = 0;
        for (Map.Entry<String, String> entry : mdc.entrySet()) {
            if (count++ >= limits.entries()) {
                break;
            }
            out.writeFieldName(names.name(entry.getKey()));
            JsonValues.text(out, entry.getValue(), limits.fieldChars());
        }
        int kv = Math.min(Math.min(event.keyValueCount(), limits.entries()), written.length);
        for (int i = 0; i < kv; i++) {
            String key = event.keyValueKey(i);
            SerializedString name = names.name(key);
            if (mdc.containsKey(key) || isStatic(name) || FieldNames.among(written, name, i)) {
                continue;
            }
            written[i] = name;
            out.writeFieldName(name);
            JsonValues.write(out, event.keyValueValue(i), limits.fieldChars(), true);
        }
        java.util.Arrays.fill(written, 0, kv, null);
        int tagCount = Math.min(event.tagCount(), limits.entries());
        if (tagCount > 0) {
            tags.setLength(0);
            for (int i = 0; i < tagCount; i++) {
                tags.append(i == 0 ? "" : ",").append(SafeText.cut(event.tag(i), limits.fieldChars()));
            }
            out.writeFieldName(TAGS);
            JsonValues.text(out, tags, Integer.MAX_VALUE, scratch);
        }
    }

    private static int cutLength(CharSequence text, int max) {
        int length = Math.min(text.length(), max);
        return length > 0 && length < text.length() && Character.isHighSurrogate(text.charAt(length - 1))
                ? length - 1 : length;
    }

    private boolean isStatic(SerializedString name) {
        for (SerializedString s : staticNames) {
            if (s.getValue().equals(name.getValue())) {
                return true;
            }
        }
        return false;
    }
}
