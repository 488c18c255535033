package dev.logship.core.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.logship.core.compress.Compression;
import dev.logship.core.compress.Compressor;
import dev.logship.core.config.ConfigProblems;
import dev.logship.core.deliver.DeliveryResult;
import dev.logship.core.deliver.HttpSender;
import dev.logship.core.encode.EncodeLimits;
import dev.logship.core.encode.EncoderSettings;
import dev.logship.core.encode.EventEncoder;
import dev.logship.core.encode.JsonBuffer;
import dev.logship.core.event.EventIdGenerator;
import dev.logship.core.event.SimpleLogEvent;
import dev.logship.core.testkit.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code _bulk} protocol against small in-process HTTP servers that answer as scripted. */
class ElasticsearchSinkTest {
    private static final Instant AT = Instant.parse("2025-11-26T11:04:38.123456Z");

    private final List<FakeElasticsearch> servers = new ArrayList<>();
    private ElasticsearchSink sink;

    /** One {@code _bulk} endpoint: records requests, answers with the next scripted reply or all-created. */
    private static final class FakeElasticsearch {
        record Request(String path, String query, Map<String, List<String>> headers, byte[] body) {
            String header(String name) {
                return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                        .map(e -> e.getValue().get(0)).findFirst().orElse(null);
            }
        }

        record Reply(int status, String body, String retryAfter) {
        }

        final HttpServer server;
        final List<Request> requests = new CopyOnWriteArrayList<>();
        final Queue<IntFunction<Reply>> script = new ConcurrentLinkedQueue<>();

        FakeElasticsearch() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readAllBytes();
            }
            Request request = new Request(exchange.getRequestURI().getPath(), exchange.getRequestURI().getQuery(),
                    Map.copyOf(exchange.getRequestHeaders()), raw);
            requests.add(request);
            byte[] body = "gzip".equals(request.header("Content-Encoding")) ? gunzip(raw) : raw;
            int events = Json.values(body).size() / 2;
            IntFunction<Reply> next = script.poll();
            Reply reply = next != null ? next.apply(events) : new Reply(200, allCreated(events), null);
            byte[] answer = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (reply.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
            }
            exchange.sendResponseHeaders(reply.status(), answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }

        void stop() {
            server.stop(0);
        }
    }

    private static String allCreated(int events) {
        return "{\"errors\":false,\"items\":[" + "{\"create\":{\"status\":201}},".repeat(events).replaceAll(",$", "")
                + "]}";
    }

    private static byte[] gunzip(byte[] data) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }

    private FakeElasticsearch server() throws IOException {
        FakeElasticsearch server = new FakeElasticsearch();
        servers.add(server);
        return server;
    }

    private ElasticsearchSink sink(String urls, String index, String apiKey) {
        ConfigProblems problems = new ConfigProblems();
        ElasticsearchConfig config = ElasticsearchConfig.of(urls, null, index, null, null, apiKey, null, "checkout",
                problems);
        assertThat(problems.all()).isEmpty();
        Map<String, String> headers = config.authorization() == null ? Map.of()
                : Map.of("Authorization", config.authorization());
        sink = new ElasticsearchSink(config, new HttpSender(Duration.ofSeconds(2), Duration.ofSeconds(10), 2, headers));
        return sink;
    }

    private static byte[] body(Sink sink, int events) throws IOException {
        EventEncoder encoder = sink.encoder(new EncoderSettings("checkout", "web-1", Map.of(), null, 0));
        JsonBuffer buffer = new JsonBuffer(1024);
        EventIdGenerator ids = new EventIdGenerator(7L);
        try (JsonGenerator g = new JsonFactory().createGenerator(buffer)) {
            g.setRootValueSeparator(null);
            for (int i = 0; i < events; i++) {
                encoder.encode(SimpleLogEvent.builder().timestamp(AT).logger("test").message("m" + i).build(),
                        ids.next(), EncodeLimits.FULL, g);
                g.flush();
            }
        }
        return buffer.toByteArray();
    }

    private static DeliveryResult deliver(Sink sink, int events) throws IOException {
        byte[] body = body(sink, events);
        return sink.deliver(body, body.length, null, events);
    }

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.close();
        }
        servers.forEach(FakeElasticsearch::stop);
    }

    @Test
    void postsNdjsonToTheDataStreamAndReadsAllCreated() throws IOException {
        FakeElasticsearch es = server();
        sink(es.url(), null, "c2VjcmV0LWtleQ==");
        byte[] body = body(sink, 3);
        JsonBuffer compressed = new JsonBuffer(1024);
        try (Compressor gzip = Compression.GZIP.newCompressor()) {
            gzip.compress(body, body.length, compressed);
        }

        DeliveryResult result = sink.deliver(compressed.array(), compressed.size(), "gzip", 3);

        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.DONE);
        assertThat(result.delivered()).isEqualTo(3);
        assertThat(result.rejected()).isEmpty();
        FakeElasticsearch.Request request = es.requests.get(0);
        assertThat(request.path()).isEqualTo("/logs-checkout-default/_bulk");
        assertThat(request.query()).contains("filter_path=errors,items.*.status");
        assertThat(request.header("Content-Type")).startsWith("application/x-ndjson");
        assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(request.header("Authorization")).isEqualTo("ApiKey c2VjcmV0LWtleQ==");
        List<Object> lines = Json.values(gunzip(request.body()));
        assertThat(lines).hasSize(6);
        assertThat(Json.asMap(lines.get(0))).containsOnlyKeys("create");
        String id = (String) Json.asMap(Json.asMap(lines.get(0)).get("create")).get("_id");
        assertThat(Json.asMap(lines.get(1))).containsEntry("event.id", id).containsEntry("message", "m0");
    }

    @Test
    void anIndexPatternTargetUsesIndexActionsWithTheEventsDate() throws IOException {
        FakeElasticsearch es = server();
        sink(es.url(), "app-%d{yyyy.MM.dd}", null);

        deliver(sink, 1);

        FakeElasticsearch.Request request = es.requests.get(0);
        assertThat(request.path()).isEqualTo("/_bulk");
        assertThat(request.header("Authorization")).isNull();
        Map<String, Object> action = Json.asMap(Json.values(request.body()).get(0));
        assertThat(Json.asMap(action.get("index"))).containsEntry("_index", "app-2025.11.26").containsKey("_id");
    }

    @Test
    void aPartlyFailedBulkIsRetriedAndCountsWhatIsDoneAlready() throws IOException {
        FakeElasticsearch es = server();
        sink(es.url(), null, null);
        es.script.add(events -> new FakeElasticsearch.Reply(200, "{\"errors\":true,\"items\":["
                + "{\"create\":{\"status\":201}},"
                + "{\"create\":{\"status\":429,\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"busy\"}}},"
                + "{\"create\":{\"status\":400,\"error\":{\"type\":\"mapper_parsing_exception\",\"reason\":\"bad\"}}}]}",
                null));

        DeliveryResult result = deliver(sink, 3);

        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.RETRY);
        assertThat(result.delivered()).isEqualTo(1);
        assertThat(result.rejected()).containsExactly(Map.entry("mapper_parsing_exception", 1));
        assertThat(result.reason()).contains("1 of 3 items to retry", "es_rejected_execution_exception");
        assertThat(result.retryItems()).containsExactly(1);
    }

    @Test
    void requestTooLargeAsksForASplit() throws IOException {
        FakeElasticsearch es = server();
        sink(es.url(), null, null);
        es.script.add(events -> new FakeElasticsearch.Reply(413, "{\"error\":\"too large\"}", null));

        DeliveryResult result = deliver(sink, 4);

        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.TOO_LARGE);
        assertThat(result.reason()).contains("413", "batch.maxBytes");
    }

    @Test
    void createConflictsCountAsDeliveredAndRejectionsAloneAreDone() throws IOException {
        FakeElasticsearch es = server();
        sink(es.url(), null, null);
        es.script.add(events -> new FakeElasticsearch.Reply(200, "{\"errors\":true,\"items\":["
                + "{\"create\":{\"status\":409,\"error\":{\"type\":\"version_conflict_engine_exception\"}}},"
                + "{\"create\":{\"status\":201}},"
                + "{\"create\":{\"status\":400,\"error\":{\"type\":\"mapper_parsing_exception\",\"reason\":\"bad\"}}}]}",
                null));

        DeliveryResult result = deliver(sink, 3);

        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.DONE);
        assertThat(result.delivered()).isEqualTo(2);
        assertThat(result.rejectedCount()).isEqualTo(1);
    }

    @Test
    void fewerItemsThanEventsIsRetried() throws IOException {
        FakeElasticsearch es = server();
        sink(es.url(), null, null);
        // items listed before "errors": every item is read and counted
        es.script.add(events -> new FakeElasticsearch.Reply(200, "{\"items\":["
                + "{\"create\":{\"status\":201}},".repeat(events - 1).replaceAll(",$", "") + "],\"errors\":false}", null));

        DeliveryResult result = deliver(sink, 4);

        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.RETRY);
        assertThat(result.delivered()).isEqualTo(3);
        assertThat(result.retryItems()).containsExactly(3);
    }

    @Test
    void aClientErrorFailsForGood() throws IOException {
        FakeElasticsearch es = server();
        sink(es.url(), null, null);
        es.script.add(events -> new FakeElasticsearch.Reply(400, "{\"error\":{\"type\":\"parse_exception\"}}", null));

        DeliveryResult result = deliver(sink, 2);

        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.FAILED);
        assertThat(result.delivered()).isZero();
        assertThat(result.reason()).contains("HTTP 400", "parse_exception");
    }

    /** The sink passes the server's Retry-After on; that the deliverer waits that long is RetryAfterTest's. */
    @Test
    void aServerErrorIsRetriedCarryingTheServersRetryAfter() throws IOException {
        FakeElasticsearch es = server();
        sink(es.url(), null, null);
        es.script.add(events -> new FakeElasticsearch.Reply(503, "overloaded", "3"));
        es.script.add(events -> new FakeElasticsearch.Reply(429, "", null));

        DeliveryResult first = deliver(sink, 2);
        DeliveryResult second = deliver(sink, 2);

        assertThat(first.outcome()).isEqualTo(DeliveryResult.Outcome.RETRY);
        assertThat(first.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(first.reason()).contains("HTTP 503", "overloaded");
        assertThat(second.outcome()).isEqualTo(DeliveryResult.Outcome.RETRY);
        assertThat(second.retryAfter()).isNull();
    }

    @Test
    void anUnreadableSuccessIsRetried() throws IOException {
        FakeElasticsearch es = server();
        sink(es.url(), null, null);
        es.script.add(events -> new FakeElasticsearch.Reply(200, "<html>proxy says hi</html>", null));

        DeliveryResult result = deliver(sink, 2);

        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.RETRY);
        assertThat(result.reason()).contains("unreadable", "proxy says hi");
    }

    @Test
    void failingEndpointsAreUsedInTurn() throws IOException {
        FakeElasticsearch a = server();
        FakeElasticsearch b = server();
        sink(a.url() + "," + b.url(), null, null);
        for (FakeElasticsearch server : List.of(a, b)) {
            for (int i = 0; i < 10; i++) {
                server.script.add(events -> new FakeElasticsearch.Reply(503, "down", null));
            }
        }
        List<String> used = new ArrayList<>();

        for (int i = 0; i < 6; i++) {
            int before = a.requests.size();
            assertThat(deliver(sink, 1).outcome()).isEqualTo(DeliveryResult.Outcome.RETRY);
            used.add(a.requests.size() > before ? "a" : "b");
        }

        assertThat(used).containsExactly("a", "b", "a", "b", "a", "b");
    }

    @Test
    void healthyEndpointsShareTheLoadRoundRobin() throws IOException {
        FakeElasticsearch a = server();
        FakeElasticsearch b = server();
        sink(a.url() + "," + b.url(), null, null);

        for (int i = 0; i < 6; i++) {
            assertThat(deliver(sink, 1).outcome()).isEqualTo(DeliveryResult.Outcome.DONE);
        }

        assertThat(a.requests).hasSize(3);
        assertThat(b.requests).hasSize(3);
    }

    @Test
    void aFailedEndpointIsSkippedDuringItsCoolDownAndUsedAgainAfterwards() throws IOException {
        FakeElasticsearch a = server();
        FakeElasticsearch b = server();
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        ElasticsearchConfig config = ElasticsearchConfig.of(a.url() + "," + b.url(), null, null, null, null, null, null,
                "checkout", new ConfigProblems());
        sink = new ElasticsearchSink(config, new HttpSender(Duration.ofSeconds(2), Duration.ofSeconds(10), 2, Map.of()),
                now::get);
        a.script.add(events -> new FakeElasticsearch.Reply(503, "busy", null));

        assertThat(deliver(sink, 1).outcome()).isEqualTo(DeliveryResult.Outcome.RETRY);
        for (int i = 0; i < 4; i++) {
            assertThat(deliver(sink, 1).outcome()).isEqualTo(DeliveryResult.Outcome.DONE);
        }
        assertThat(a.requests).hasSize(1);
        assertThat(b.requests).hasSize(4);

        now.addAndGet(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(NodeRotation.COOL_DOWN_MILLIS));
        for (int i = 0; i < 4; i++) {
            assertThat(deliver(sink, 1).outcome()).isEqualTo(DeliveryResult.Outcome.DONE);
        }
        assertThat(a.requests).hasSize(3);
        assertThat(b.requests).hasSize(6);
    }

    @Test
    void aDeadEndpointIsSkippedWhileAnotherAnswers() throws IOException {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        FakeElasticsearch live = server();
        sink("http://127.0.0.1:" + deadPort + "," + live.url(), null, null);

        assertThatThrownBy(() -> deliver(sink, 1)).isInstanceOf(IOException.class);
        for (int i = 0; i < 5; i++) {
            assertThat(deliver(sink, 1).outcome()).isEqualTo(DeliveryResult.Outcome.DONE);
        }

        assertThat(live.requests).hasSize(5);
    }

    @Test
    void anUnreachableEndpointThrowsAndTheNextAttemptUsesAnother() throws IOException {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        FakeElasticsearch live = server();
        sink("http://127.0.0.1:" + deadPort + "," + live.url(), null, null);

        assertThatThrownBy(() -> deliver(sink, 1)).isInstanceOf(IOException.class);
        DeliveryResult result = deliver(sink, 1);

        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.DONE);
        assertThat(live.requests).hasSize(1);
    }

    @Test
    void describeNamesUrlsAndTargetButNoSecret() throws IOException {
        FakeElasticsearch es = server();
        ElasticsearchSink s = sink(es.url(), null, "top-secret-key");

        deliver(s, 1);

        assertThat(es.requests.get(0).header("Authorization")).isEqualTo("ApiKey top-secret-key"); // the key is in use
        assertThat(s.describe()).contains(es.url(), "logs-checkout-default").doesNotContain("top-secret");
    }
}
