package dev.logship.core.encode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.logship.core.event.EventIdGenerator;
import dev.logship.core.event.LogEvent;
import dev.logship.core.testkit.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Drives an encoder the way the batch stage does and hands back the bytes or the parsed document. */
final class Encoding {
    /** The id {@code new EventIdGenerator(1L).next()} returns. */
    static final String FIRST_ID_OF_ONE = "AAAAAAAAAAEAAAAAAAAAAA";

    static final JsonFactory PLAIN = new JsonFactory();
    /** As the batch stage configures it. */
    static final JsonFactory PRODUCTION = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private Encoding() {
    }

    static byte[] bytes(EventEncoder encoder, LogEvent event, EncodeLimits limits) {
        return bytes(PLAIN, encoder, event, limits);
    }

    static byte[] bytes(JsonFactory factory, EventEncoder encoder, LogEvent event, EncodeLimits limits) {
        try {
            JsonBuffer buf = new JsonBuffer(1024);
            JsonGenerator g = factory.createGenerator(buf);
            g.setRootValueSeparator(null);
            encoder.encode(event, new EventIdGenerator(1L).next(), limits, g);
            g.flush();
            return buf.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> document(EventEncoder encoder, LogEvent event) {
        return Json.object(bytes(encoder, event, EncodeLimits.FULL));
    }

    static Map<String, Object> document(EventEncoder encoder, LogEvent event, EncodeLimits limits) {
        return Json.object(bytes(encoder, event, limits));
    }

    /** The first byte below 0x20 (a raw control character), or -1. */
    static int firstControlByte(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if ((bytes[i] & 0xff) < 0x20) {
                return i;
            }
        }
        return -1;
    }
}
