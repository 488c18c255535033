package dev.logship.core.encode;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.logship.core.event.EventIdGenerator;
import dev.logship.core.event.Level;
import dev.logship.core.event.LogEvent;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes one event as an Elastic Common Schema document (one JSON object, no framing):
 * {@code @timestamp} (UTC, microseconds), {@code log.level}, {@code message}, {@code ecs.version},
 * {@code service.name}, {@code host.name}, {@code event.id}, {@code log.logger},
 * {@code process.thread.name}, static fields as {@code labels.<name>} (a dotted name is written as
 * it is), MDC entries under the MDC prefix ({@code labels.} by default; an MDC entry wins over a
 * static field of the same name), key-values at the top level, marker names in {@code tags}, and a
 * throwable as {@code error.type}, {@code error.message} and {@code error.stack_trace}. A user key
 * that would collide with one of these gets a trailing {@code _}. A truncated event carries
 * {@code "logship.truncated": true}.
 */
public final class EcsEncoder implements EventEncoder {
    /** The ECS version the documents follow. */
    public static final String ECS_VERSION = "8.11";

    private static final SerializedString TIMESTAMP = new SerializedString("@timestamp");
    private static final SerializedString LEVEL = new SerializedString("log.level");
    private static final SerializedString MESSAGE = new SerializedString("message");
    private static final SerializedString ECS = new SerializedString("ecs.version");
    private static final SerializedString SERVICE = new SerializedString("service.name");
    private static final SerializedString HOST = new SerializedString("host.name");
    private static final SerializedString EVENT_ID = new SerializedString("event.id");
    private static final SerializedString LOGGER = new SerializedString("log.logger");
    private static final SerializedString THREAD = new SerializedString("process.thread.name");
    private static final SerializedString TAGS = new SerializedString("tags");
    private static final SerializedString ERROR_TYPE = new SerializedString("error.type");
    private static final SerializedString ERROR_MESSAGE = new SerializedString("error.message");
    private static final SerializedString ERROR_TRACE = new SerializedString("error.stack_trace");
    private static final SerializedString TRUNCATED = new SerializedString("logship.truncated");
    private static final SerializedString[] LEVELS = new SerializedString[Level.values().length];

    static {
        for (Level level : Level.values()) {
            LEVELS[level.ordinal()] = new SerializedString(level.name());
        }
    }

    private final SerializedString serviceName;
    private final SerializedString hostName;
    private final SerializedString[] staticNames;
    private final String[] staticValues;
    private final String[] staticMdcKeys;
    private final FieldNames mdcNames;
    private final FieldNames keyValueNames;
    private final Timestamps timestamps = new Timestamps();
    private final StackTraceRenderer traces;
    private final char[] scratch = new char[8192];
    private final RepeatedText names = new RepeatedText(64, 256);
    private final RepeatedText values = new RepeatedText(256, 64);
    private final SerializedString[] written = new SerializedString[64];

    public EcsEncoder(EncoderSettings settings) {
        this.serviceName = settings.serviceName() == null ? null : new SerializedString(settings.serviceName());
        this.hostName = new SerializedString(settings.hostName());
        int n = settings.staticFields().size();
        this.staticNames = new SerializedString[n];
        this.staticValues = new String[n];
        this.staticMdcKeys = new String[n];
        Set<String> reserved = new HashSet<>(Set.of("@timestamp", "log.level", "message", "ecs.version",
                "service.name", "host.name", "event.id", "log.logger", "process.thread.name", "tags",
                "error.type", "error.message", "error.stack_trace", "logship.truncated"));
        String prefix = settings.mdcPrefix();
        int i = 0;
        for (Map.Entry<String, String> field : settings.staticFields().entrySet()) {
            String name = field.getKey().contains(".") ? field.getKey() : "labels." + field.getKey();
            staticNames[i] = new SerializedString(name);
            staticValues[i] = field.getValue();
            staticMdcKeys[i] = name.startsWith(prefix) ? name.substring(prefix.length()) : null;
            i++;
        }
        Set<String> taken = new HashSet<>();
        this.mdcNames = new FieldNames(prefix, FieldNames::ecs, Set.copyOf(reserved), taken, true);
        for (int j = 0; j < n; j++) {
            if (staticMdcKeys[j] != null) {
                mdcNames.name(staticMdcKeys[j]); // an MDC entry with this key replaces the static field
            } else {
                taken.add(staticNames[j].getValue()); // no MDC entry or key-value may take its name
            }
        }
        for (SerializedString name : staticNames) {
            reserved.add(name.getValue());
        }
        if (!prefix.isEmpty()) {
            reserved.add(prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix);
        }
        this.keyValueNames = new FieldNames("", FieldNames::ecs, Set.copyOf(reserved), taken, true);
        this.traces = new StackTraceRenderer(settings.maxStackFrames());
    }

    @Override
    public void encode(LogEvent event, char[] eventId, EncodeLimits limits, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeFieldName(TIMESTAMP);
        out.writeRawUTF8String(timestamps.isoBytes(event.epochSecond(), event.nanoOfSecond()), 0, Timestamps.ISO_LENGTH);
        out.writeFieldName(LEVEL);
        out.writeString(LEVELS[event.level().ordinal()]);
        out.writeFieldName(MESSAGE);
        CharSequence message = event.message();
        JsonValues.text(out, message == null ? "" : message, limits.messageChars(), scratch);
        out.writeFieldName(ECS);
        out.writeString(ECS_VERSION);
        if (serviceName != null) {
            out.writeFieldName(SERVICE);
            out.writeString(serviceName);
        }
        out.writeFieldName(HOST);
        out.writeString(hostName);
        out.writeFieldName(EVENT_ID);
        out.writeString(eventId, 0, EventIdGenerator.LENGTH);
        out.writeFieldName(LOGGER);
        names.write(out, event.loggerName(), limits.fieldChars());
        if (event.threadName() != null) {
            out.writeFieldName(THREAD);
            names.write(out, event.threadName(), limits.fieldChars());
        }
        if (limits.entries() > 0) {
            writeFields(event, limits, out);
        }
        writeError(event.throwable(), limits, out);
        if (limits.truncated()) {
            out.writeFieldName(TRUNCATED);
            out.writeBoolean(true);
        }
        out.writeEndObject();
    }

    private void writeFields(LogEvent event, EncodeLimits limits, JsonGenerator out) throws IOException {
        Map<String, String> mdc = event.mdc();
        for (int i = 0; i < staticNames.length; i++) {
            if (staticMdcKeys[i] == null || !mdc.containsKey(staticMdcKeys[i])) {
                out.writeFieldName(staticNames[i]);
                JsonValues.text(out, staticValues[i], limits.fieldChars());
            }
        }
        int count = 0;
        for (Map.Entry<String, String> entry : mdc.entrySet()) {
            if (count++ >= limits.entries()) {
                break;
            }
            out.writeFieldName(mdcNames.name(entry.getKey()));
            values.write(out, entry.getValue(), limits.fieldChars());
        }
        int kv = Math.min(Math.min(event.keyValueCount(), limits.entries()), written.length);
        for (int i = 0; i < kv; i++) {
            SerializedString name = keyValueNames.name(event.keyValueKey(i));
            if (FieldNames.among(written, name, i)) {
                continue;
            }
            written[i] = name;
            out.writeFieldName(name);
            JsonValues.write(out, event.keyValueValue(i), limits.fieldChars(), false);
        }
        Arrays.fill(written, 0, kv, null);
        int tags = Math.min(event.tagCount(), limits.entries());
        if (tags > 0) {
            out.writeFieldName(TAGS);
            out.writeStartArray();
            for (int i = 0; i < tags; i++) {
                JsonValues.text(out, event.tag(i), limits.fieldChars());
            }
            out.writeEndArray();
        }
    }

    private void writeError(Throwable t, EncodeLimits limits, JsonGenerator out) throws IOException {
        if (t == null) {
            return;
        }
        out.writeFieldName(ERROR_TYPE);
        out.writeString(t.getClass().getName());
        String message = StackTraceRenderer.message(t);
        if (message != null) {
            out.writeFieldName(ERROR_MESSAGE);
            JsonValues.text(out, message, limits.messageChars());
        }
        if (limits.traceChars() > 0) {
            out.writeFieldName(ERROR_TRACE);
            JsonValues.text(out, traces.render(t, limits.traceChars()), limits.traceChars(), scratch);
        }
    }
}
