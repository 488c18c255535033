package dev.logship.core.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BulkResponseTest {
    private static final JsonFactory JSON = new JsonFactory();

    private static BulkResponse parse(String body) throws IOException {
        return BulkResponse.parse(JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void errorsFalseBeforeItemsSkipsTheItems() throws IOException {
        BulkResponse r = BulkResponse.parse(JSON, "{\"errors\":false,\"items\":[{\"create\":{\"status\":201}}]}"
                .getBytes(StandardCharsets.UTF_8), 3);

        assertThat(r.delivered()).isEqualTo(3);
        assertThat(r.items()).isEqualTo(3);
        assertThat(r.retryable()).isZero();
    }

    @Test
    void errorsTrueBeforeItemsStillReadsEveryItem() throws IOException {
        BulkResponse r = BulkResponse.parse(JSON, ("{\"errors\":true,\"items\":[{\"create\":{\"status\":201}},"
                + "{\"create\":{\"status\":429,\"error\":{\"type\":\"es_rejected_execution_exception\"}}}]}")
                .getBytes(StandardCharsets.UTF_8), 2);

        assertThat(r.delivered()).isEqualTo(1);
        assertThat(r.retryable()).isEqualTo(1);
    }

    @Test
    void noErrorsMeansEverythingDelivered() throws IOException {
        BulkResponse response = parse("{\"took\":3,\"errors\":false,\"items\":["
                + "{\"create\":{\"_index\":\".ds-logs\",\"_id\":\"a\",\"status\":201,\"result\":\"created\"}},"
                + "{\"create\":{\"_index\":\".ds-logs\",\"_id\":\"b\",\"status\":201,\"_shards\":{\"total\":2}}},"
                + "{\"create\":{\"status\":201}}]}");

        assertThat(response.items()).isEqualTo(3);
        assertThat(response.delivered()).isEqualTo(3);
        assertThat(response.retryable()).isZero();
        assertThat(response.rejected()).isEmpty();
        assertThat(response.firstError()).isNull();
    }

    @Test
    void sortsAMixedResponseItemByItem() throws IOException {
        BulkResponse response = parse("{\"errors\":true,\"items\":["
                + "{\"create\":{\"status\":201}},"
                + "{\"create\":{\"status\":409,\"error\":{\"type\":\"version_conflict_engine_exception\","
                + "\"reason\":\"document already exists\"}}},"
                + "{\"index\":{\"status\":409,\"error\":{\"type\":\"version_conflict_engine_exception\","
                + "\"reason\":\"version conflict\"}}},"
                + "{\"create\":{\"status\":429,\"error\":{\"type\":\"es_rejected_execution_exception\","
                + "\"reason\":\"queue full\"}}},"
                + "{\"create\":{\"status\":503,\"error\":{\"type\":\"unavailable_shards_exception\",\"reason\":\"x\"}}},"
                + "{\"create\":{\"status\":400,\"error\":{\"type\":\"mapper_parsing_exception\","
                + "\"reason\":\"failed to parse field [count]\",\"caused_by\":{\"type\":\"number_format_exception\"}}}},"
                + "{\"create\":{\"status\":400,\"error\":{\"type\":\"mapper_parsing_exception\",\"reason\":\"again\"}}},"
                + "{\"index\":{\"status\":200}}]}");

        assertThat(response.items()).isEqualTo(8);
        assertThat(response.delivered()).isEqualTo(3);
        assertThat(response.retryable()).isEqualTo(2);
        assertThat(response.rejected()).isEqualTo(Map.of("version_conflict_engine_exception", 1,
                "mapper_parsing_exception", 2));
        assertThat(response.firstError()).isEqualTo("409 version_conflict_engine_exception: version conflict");
    }

    @Test
    void readsKeysInAnyOrder() throws IOException {
        BulkResponse response = parse("{\"items\":["
                + "{\"create\":{\"error\":{\"reason\":\"boom\",\"type\":\"mapper_parsing_exception\"},\"status\":400,"
                + "\"_id\":\"x\"}},"
                + "{\"create\":{\"result\":\"created\",\"status\":201}}],"
                + "\"errors\":true,\"ingest_took\":1,\"took\":7}");

        assertThat(response.items()).isEqualTo(2);
        assertThat(response.delivered()).isEqualTo(1);
        assertThat(response.rejected()).containsExactly(Map.entry("mapper_parsing_exception", 1));
        assertThat(response.firstError()).isEqualTo("400 mapper_parsing_exception: boom");
    }

    @Test
    void aRejectionWithoutErrorTypeIsCountedByStatus() throws IOException {
        BulkResponse response = parse("{\"errors\":true,\"items\":[{\"create\":{\"status\":404}}]}");

        assertThat(response.rejected()).containsExactly(Map.entry("http_404", 1));
    }

    @Test
    void anItemWithoutStatusIsRetried() throws IOException {
        BulkResponse response = parse("{\"errors\":true,\"items\":[{\"create\":{\"_id\":\"x\"}}]}");

        assertThat(response.retryable()).isEqualTo(1);
        assertThat(response.delivered()).isZero();
    }

    @Test
    void aBodyWithoutItemsHasNone() throws IOException {
        BulkResponse response = parse("{\"errors\":false}");

        assertThat(response.items()).isZero();
        assertThat(response.delivered()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "<html>502 Bad Gateway</html>", "[]", "{\"errors\":true,\"items\":[",
            "{\"items\":[{\"create\":5}]}", "{\"items\":[{\"create\":{\"status\":201}"})
    void aMalformedBodyThrowsIOException(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(IOException.class);
    }
}
