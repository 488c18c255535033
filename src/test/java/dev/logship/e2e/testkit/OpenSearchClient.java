package dev.logship.e2e.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Just enough of the OpenSearch REST API to set up targets and count documents back (JDK HTTP client). */
public class OpenSearchClient {
    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    OpenSearchClient(String url) {
        this.url = url;
    }

    public String url() {
        return url;
    }

    /** Sends a request; fails on a status of 300 or more. Returns the parsed JSON answer. */
    public Map<String, Object> call(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + ": " + response.body());
            }
            return MiniJson.object(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    /** An index template that makes {@code pattern} a data stream. */
    public void dataStreamTemplate(String name, String pattern) {
        indexTemplate(name, pattern, true);
    }

    /**
     * An index template for {@code pattern}: one shard (so that a terms aggregation is exact), no replica,
     * {@code event.id} a keyword (so that it can be aggregated), and a data stream when asked.
     */
    public void indexTemplate(String name, String pattern, boolean dataStream) {
        call("PUT", "/_index_template/" + name, "{\"index_patterns\":[\"" + pattern + "\"],"
                + (dataStream ? "\"data_stream\":{}," : "") + "\"priority\":200,\"template\":{\"settings\":"
                + "{\"number_of_shards\":1,\"number_of_replicas\":0},"
                + "\"mappings\":{\"properties\":{\"event.id\":{\"type\":\"keyword\"}}}}}");
    }

    public long count(String target) {
        call("POST", "/" + target + "/_refresh", null);
        return ((Number) call("GET", "/" + target + "/_count", null).get("count")).longValue();
    }

    /** Documents of {@code target} matching a query-string query. */
    public long countWhere(String target, String query) {
        call("POST", "/" + target + "/_refresh", null);
        return ((Number) call("POST", "/" + target + "/_count", "{\"query\":{\"query_string\":{\"query\":\""
                + query.replace("\"", "\\\"") + "\"}}}").get("count")).longValue();
    }

    /**
     * Values of {@code field} that more than one document of {@code target} holds (up to 10): a terms
     * aggregation with {@code min_doc_count} 2, exact on a single shard.
     */
    public List<Object> duplicates(String target, String field) {
        return duplicates(target, field, "*");
    }

    /** {@link #duplicates(String, String)} among the documents matching a query-string query. */
    @SuppressWarnings("unchecked")
    public List<Object> duplicates(String target, String field, String query) {
        call("POST", "/" + target + "/_refresh", null);
        Map<String, Object> answer = call("POST", "/" + target + "/_search", "{\"size\":0,\"query\":{\"query_string\":"
                + "{\"query\":\"" + query.replace("\"", "\\\"") + "\"}},\"aggs\":{\"dups\":"
                + "{\"terms\":{\"field\":\"" + field + "\",\"min_doc_count\":2,\"size\":10}}}}");
        Map<String, Object> dups = (Map<String, Object>) ((Map<String, Object>) answer.get("aggregations")).get("dups");
        return ((List<Map<String, Object>>) dups.get("buckets")).stream().map(b -> b.get("key")).toList();
    }

    /** The {@code _source} of the documents matching a query-string query. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> search(String target, String query, int size) {
        call("POST", "/" + target + "/_refresh", null);
        Map<String, Object> answer = call("POST", "/" + target + "/_search", "{\"size\":" + size
                + ",\"query\":{\"query_string\":{\"query\":\"" + query.replace("\"", "\\\"") + "\"}}}");
        List<Map<String, Object>> hits = (List<Map<String, Object>>) ((Map<String, Object>) answer.get("hits")).get("hits");
        return hits.stream().map(h -> (Map<String, Object>) h.get("_source")).toList();
    }

    /** {count, min, max} of the numeric {@code field} over {@code target}'s documents that have it. */
    @SuppressWarnings("unchecked")
    public long[] stats(String target, String field) {
        call("POST", "/" + target + "/_refresh", null);
        Map<String, Object> answer = call("POST", "/" + target + "/_search", "{\"size\":0,\"aggs\":{\"s\":"
                + "{\"stats\":{\"field\":\"" + field + "\"}}}}");
        Map<String, Object> stats = (Map<String, Object>) ((Map<String, Object>) answer.get("aggregations")).get("s");
        long count = ((Number) stats.get("count")).longValue();
        return count == 0 ? new long[] {0, -1, -1} : new long[] {count, ((Number) stats.get("min")).longValue(),
                ((Number) stats.get("max")).longValue()};
    }
}
