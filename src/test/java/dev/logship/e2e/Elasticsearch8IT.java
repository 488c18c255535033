package dev.logship.e2e;

import dev.logship.e2e.testkit.RealElasticsearch;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ElasticsearchContract} against a real Elasticsearch 8.19 on the suite's own JDK. */
@ExtendWith(RealElasticsearch.V8.class)
class Elasticsearch8IT extends ElasticsearchContract {
    @Override
    protected String server() {
        return "Elasticsearch 8.19.21";
    }

    @Override
    protected String autoCompression() {
        return "gzip"; // Elasticsearch refuses zstd request bodies
    }

    @Override
    protected boolean dataStreams() {
        return false; // the integ-test zip has no data stream module: logs-e2e-default is a plain index here
    }
}
