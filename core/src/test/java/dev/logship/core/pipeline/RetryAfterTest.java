package dev.logship.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.logship.core.compress.Compression;
import dev.logship.core.config.ConfigProblems;
import dev.logship.core.event.EventReader;
import dev.logship.core.event.LogEvent;
import dev.logship.core.event.SimpleLogEvent;
import dev.logship.core.sink.ElasticsearchConfig;
import dev.logship.core.testkit.RecordingDiagnostics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deliverer waits as long as a server's {@code Retry-After} says, although its own backoff is far
 * shorter: a fake {@code _bulk} endpoint answers the first request 429 with {@code Retry-After: 2}, then
 * takes everything; the retry must not arrive sooner than two seconds after the 429 was sent.
 */
class RetryAfterTest {
    private static final long RETRY_AFTER_NANOS = Duration.ofSeconds(2).toNanos();

    /** When a {@code _bulk} request arrived, and when its answer was sent (System.nanoTime()). */
    private record Bulk(long arrived, long answered, int status, String body) {
    }

    private final List<Bulk> bulks = new CopyOnWriteArrayList<>();
    private final AtomicInteger bulkRequests = new AtomicInteger();
    private HttpServer server;
    private Pipeline<LogEvent> pipeline;

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.stop();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String answer;
        int status;
        if ("GET".equals(exchange.getRequestMethod())) {
            status = 200;
            answer = "{\"version\":{\"distribution\":\"opensearch\",\"number\":\"2.19.1\"}}";
        } else if (bulkRequests.getAndIncrement() == 0) {
            status = 429;
            answer = "{\"error\":{\"type\":\"rejected_execution_exception\"},\"status\":429}";
            exchange.getResponseHeaders().add("Retry-After", "2");
        } else {
            status = 200;
            int events = (int) body.lines().count() / 2;
            answer = "{\"errors\":false,\"items\":[" + "{\"create\":{\"status\":201}},".repeat(events).replaceAll(",$", "") + "]}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        long answered = System.nanoTime();
        if (!"GET".equals(exchange.getRequestMethod())) {
            bulks.add(new Bulk(arrived, answered, status, body));
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void theRetryWaitsAsLongAsRetryAfterSaysThoughTheBackoffIsShorter() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", this::answer);
        server.start();
        ConfigProblems problems = new ConfigProblems();
        ElasticsearchConfig es = ElasticsearchConfig.of("http://127.0.0.1:" + server.getAddress().getPort(), null, null,
                null, null, null, null, "shop", problems);
        assertThat(problems.all()).isEmpty();
        pipeline = Pipeline.start(PipelineConfig.builder().name("retry-after-test").serviceName("shop").hostName("h")
                .elasticsearch(es).compression(Compression.NONE).batchLinger(Duration.ofHours(1)).lossSummary(false).shutdownHook(false)
                .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofSeconds(10)).maxRetries(3)
                .diagnostics(new RecordingDiagnostics()).build(), EventReader.identity());

        for (int i = 0; i < 5; i++) {
            assertThat(pipeline.offer(SimpleLogEvent.builder().logger("app").thread("main").message("m" + i).build()))
                    .isTrue();
        }
        assertThat(pipeline.flush(Duration.ofSeconds(20))).isTrue();

        assertThat(pipeline.metrics().delivered()).isEqualTo(5);
        Bulk refused = bulks.get(0);
        assertThat(refused.status()).isEqualTo(429);
        // the five events may have gone in more than one batch: the retry is the request carrying the same documents
        List<Bulk> retries = bulks.subList(1, bulks.size()).stream().filter(b -> b.body().equals(refused.body())).toList();
        assertThat(retries).as("the refused batch was sent again, once").hasSize(1);
        assertThat(retries.get(0).arrived() - refused.answered()).as("nanoseconds between the 429 and the retry")
                .isGreaterThanOrEqualTo(RETRY_AFTER_NANOS);
    }
}
