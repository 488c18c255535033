package dev.logship.core.sink;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.logship.core.encode.EncodeLimits;
import dev.logship.core.encode.EventEncoder;
import dev.logship.core.event.EventIdGenerator;
import dev.logship.core.event.LogEvent;
import java.io.IOException;

/**
 * One {@code _bulk} record: the action line ({@code {"create":{"_id":...}}} for a data stream, whose
 * name is in the request path; {@code {"index":{"_index":...,"_id":...}}} for an index pattern), a
 * newline, the ECS document, a newline.
 */
final class ElasticsearchBulkEncoder implements EventEncoder {
    private static final SerializedString CREATE = new SerializedString("create");
    private static final SerializedString INDEX = new SerializedString("index");
    private static final SerializedString INDEX_NAME = new SerializedString("_index");
    private static final SerializedString ID = new SerializedString("_id");

    private final EventEncoder document;
    private final IndexTarget index;
    private final boolean ids;

    ElasticsearchBulkEncoder(EventEncoder document, String indexPattern) {
        this(document, indexPattern, true);
    }

    /** @param ids whether the event id goes in the action as {@code _id} */
    ElasticsearchBulkEncoder(EventEncoder document, String indexPattern, boolean ids) {
        this.document = document;
        this.index = indexPattern == null ? null : new IndexTarget(indexPattern);
        this.ids = ids;
    }

    @Override
    public void encode(LogEvent event, char[] eventId, EncodeLimits limits, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeFieldName(index == null ? CREATE : INDEX);
        out.writeStartObject();
        if (index != null) {
            out.writeFieldName(INDEX_NAME);
            out.writeString(index.resolve(event.epochSecond()));
        }
        if (ids) {
            out.writeFieldName(ID);
            out.writeString(eventId, 0, EventIdGenerator.LENGTH);
        }
        out.writeEndObject();
        out.writeEndObject();
        out.writeRaw('\n');
        document.encode(event, eventId, limits, out);
        out.writeRaw('\n');
    }
}
