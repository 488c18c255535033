package dev.logship.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few Elasticsearch/OpenSearch calls the demo makes to count its events back. */
final class NodeClient {
    private static final JsonFactory JSON = new JsonFactory();

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    NodeClient(String url) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Documents of {@code target} whose {@code field} holds {@code value}, after a refresh; 0 when there is no target yet. */
    long count(String target, String field, String value) throws IOException, InterruptedException {
        send("POST", "/" + target + "/_refresh", null);
        HttpResponse<String> answer = send("POST", "/" + target + "/_count",
                "{\"query\":{\"term\":{\"" + field + "\":\"" + value + "\"}}}");
        if (answer.statusCode() == 404) {
            return 0;
        }
        return number(answer, "count");
    }

    /** Values of {@code field} that more than one document of the run holds (the terms aggregation's buckets). */
    long duplicates(String target, String runField, String run, String field) throws IOException, InterruptedException {
        HttpResponse<String> answer = send("POST", "/" + target + "/_search", "{\"size\":0,\"query\":{\"term\":{\""
                + runField + "\":\"" + run + "\"}},\"aggs\":{\"dups\":{\"terms\":{\"field\":\"" + field
                + "\",\"min_doc_count\":2,\"size\":10}}}}");
        if (answer.statusCode() == 404) {
            return 0;
        }
        long buckets = 0;
        try (JsonParser parser = JSON.createParser(ok(answer))) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.FIELD_NAME && "doc_count".equals(parser.currentName())) {
                    buckets++;
                }
            }
        }
        return buckets;
    }

    private static long number(HttpResponse<String> answer, String name) throws IOException {
        try (JsonParser parser = JSON.createParser(ok(answer))) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.FIELD_NAME && name.equals(parser.currentName())) {
                    parser.nextToken();
                    return parser.getLongValue();
                }
            }
        }
        throw new IOException("no '" + name + "' in " + answer.body());
    }

    private static String ok(HttpResponse<String> answer) throws IOException {
        if (answer.statusCode() / 100 != 2) {
            throw new IOException(answer.request().method() + " " + answer.request().uri() + ": HTTP "
                    + answer.statusCode() + " " + answer.body());
        }
        return answer.body();
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
