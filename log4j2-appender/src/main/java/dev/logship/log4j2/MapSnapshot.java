package dev.logship.log4j2;

import dev.logship.core.encode.SafeText;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.message.MapMessage;
import org.apache.logging.log4j.message.Message;

/**
 * A {@link MapMessage}'s text and fields, taken on the application thread: applications may reuse a map
 * message object (garbage-free code calls {@code clear()} and {@code with()} again), and a value may be a
 * mutable object changed after the call, so the encode thread must never read the original. Immutable values
 * (strings, boxed numbers, enums, UUIDs, java.time values) are kept as they are; any other value is frozen to
 * its text now, as the encoder would write it (and as the Logback appender freezes key-values).
 */
final class MapSnapshot implements Message {
    private static final long serialVersionUID = 1L;

    private final String text;
    private final Map<String, Object> data;

    MapSnapshot(MapMessage<?, ?> message) {
        this.text = message.getFormattedMessage();
        Map<String, Object> copy = new LinkedHashMap<>();
        message.forEach((key, value) -> copy.put(key, SafeText.frozen(value)));
        this.data = Collections.unmodifiableMap(copy);
    }

    Map<String, Object> data() {
        return data;
    }


    @Override
    public String getFormattedMessage() {
        return text;
    }

    @Override
    public String getFormat() {
        return text;
    }

    @Override
    public Object[] getParameters() {
        return null;
    }

    @Override
    public Throwable getThrowable() {
        return null;
    }
}
