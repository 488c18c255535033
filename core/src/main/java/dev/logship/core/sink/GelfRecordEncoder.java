package dev.logship.core.sink;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.logship.core.encode.EncodeLimits;
import dev.logship.core.encode.EventEncoder;
import dev.logship.core.event.LogEvent;
import java.io.IOException;

/**
 * A GELF message framed for its transport: the JSON object, then one separator byte — a newline for HTTP
 * (NDJSON in bulk mode) and UDP, a NUL byte for TCP (Graylog's TCP input splits on it). JSON escapes
 * every control character inside strings, so the separator never occurs within a message.
 */
final class GelfRecordEncoder implements EventEncoder {
    private final EventEncoder gelf;
    private final char separator;

    GelfRecordEncoder(EventEncoder gelf, char separator) {
        this.gelf = gelf;
        this.separator = separator;
    }

    @Override
    public void encode(LogEvent event, char[] eventId, EncodeLimits limits, JsonGenerator out) throws IOException {
        gelf.encode(event, eventId, limits, out);
        out.writeRaw(separator);
    }
}
