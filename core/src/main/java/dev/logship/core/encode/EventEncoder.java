package dev.logship.core.encode;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.logship.core.event.LogEvent;
import java.io.IOException;

/**
 * Writes one event as one record of a sink's wire format, framing included (an Elasticsearch bulk
 * action line and document, a GELF message and its separator). Runs on the encode thread only.
 */
public interface EventEncoder {

    /**
     * @param eventId the event's unique id, {@link dev.logship.core.event.EventIdGenerator#LENGTH} chars
     * @param limits  how much of the event may be written; when {@link EncodeLimits#truncated()} is set
     *                the record must say that it was truncated
     */
    void encode(LogEvent event, char[] eventId, EncodeLimits limits, JsonGenerator out) throws IOException;
}
