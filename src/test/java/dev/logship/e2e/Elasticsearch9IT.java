package dev.logship.e2e;

import dev.logship.e2e.testkit.RealElasticsearch;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ElasticsearchContract} against a real Elasticsearch 9.5, which needs Java 21+ (Temurin 25 where
 * the machine has it); skipped with a message saying so where no such JDK is found.
 */
@ExtendWith(RealElasticsearch.V9.class)
class Elasticsearch9IT extends ElasticsearchContract {
    @Override
    protected String server() {
        return "Elasticsearch 9.5.3";
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
