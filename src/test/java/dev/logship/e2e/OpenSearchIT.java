package dev.logship.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logship.e2e.testkit.OpenSearchClient;
import dev.logship.e2e.testkit.RealOpenSearch;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ElasticsearchContract} against a real OpenSearch 2.19 node (started by the build in its own JVM):
 * here {@code logs-e2e-default} is a real data stream, and {@code compression=auto} picks zstd.
 */
@ExtendWith(RealOpenSearch.class)
class OpenSearchIT extends ElasticsearchContract {

    @Override
    protected String server() {
        return "OpenSearch 2.19.1";
    }

    @Override
    protected String autoCompression() {
        return "zstd";
    }

    @Override
    protected boolean dataStreams() {
        return true;
    }

    @Test
    @Override
    void twoHundredThousandEventsExactlyOnceIntoTheDefaultTarget(OpenSearchClient es) throws Exception {
        super.twoHundredThousandEventsExactlyOnceIntoTheDefaultTarget(es);
        Map<String, Object> stream = es.call("GET", "/_data_stream/logs-e2e-default", null);
        assertThat(stream.toString()).contains("logs-e2e-default");
    }
}
