package dev.logship.e2e.testkit;

/** The same REST calls, against the real Elasticsearch node of {@link RealElasticsearch}. */
public final class ElasticsearchClient extends OpenSearchClient {
    ElasticsearchClient(String url) {
        super(url);
    }
}
