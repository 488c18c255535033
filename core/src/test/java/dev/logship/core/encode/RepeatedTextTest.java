package dev.logship.core.encode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatedTextTest {
    private static final JsonFactory JSON = new JsonFactory();

    private static List<String> writeAll(RepeatedText cache, int limit, String... texts) throws IOException {
        JsonBuffer buffer = new JsonBuffer(256);
        try (JsonGenerator out = JSON.createGenerator(buffer)) {
            out.writeStartArray();
            for (String text : texts) {
                cache.write(out, text, limit);
            }
            out.writeEndArray();
        }
        List<String> values = new ArrayList<>();
        try (JsonParser p = JSON.createParser(buffer.toByteArray())) {
            p.nextToken();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                values.add(t == JsonToken.VALUE_NULL ? null : p.getText());
            }
        }
        return values;
    }

    @Test
    void repeatedAndCollidingTextsComeOutExactly() throws IOException {
        RepeatedText cache = new RepeatedText(2, 64);
        String a = "checkout.Service";
        String b = "http-nio-8080-exec-1";
        String quoted = "say \"hi\"\n\u0001";

        assertThat(writeAll(cache, 1000, a, b, a, quoted, b, quoted, a))
                .containsExactly(a, b, a, quoted, b, quoted, a);
    }

    @Test
    void unpairedSurrogatesAreWrittenDirectlyNotPreEncoded() throws IOException {
        RepeatedText cache = new RepeatedText(16, 64);
        String lone = "thread-\ud800-x";
        String pair = "emoji \ud83d\ude00";

        assertThat(writeAll(cache, 1000, lone, lone, pair, pair)).containsExactly(lone, lone, pair, pair);
    }

    @Test
    void longTextsNullsAndLimitsBypassTheCache() throws IOException {
        RepeatedText cache = new RepeatedText(16, 8);
        String longText = "abcdefghijklmnop";

        assertThat(writeAll(cache, 1000, longText, null, "short")).containsExactly(longText, null, "short");
        assertThat(writeAll(cache, 3, "short")).containsExactly("sho");
    }
}
