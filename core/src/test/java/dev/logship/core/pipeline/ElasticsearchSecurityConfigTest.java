package dev.logship.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import dev.logship.core.config.ConfigProblems;
import dev.logship.core.config.TextSettings;
import dev.logship.core.diag.DropReason;
import dev.logship.core.event.EventReader;
import dev.logship.core.event.LogEvent;
import dev.logship.core.event.SimpleLogEvent;
import dev.logship.core.testkit.RecordingDiagnostics;
import dev.logship.core.testkit.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials and TLS as a user writes them ({@code elasticsearch.*} text options, which the Logback
 * {@code <elasticsearch>} element, the Log4j2 attributes and the Spring properties all become) through
 * {@link TextSettings} and a running pipeline to a local HTTPS endpoint whose certificate a test CA signed:
 * what arrives on the wire is checked — the {@code Authorization} header of each kind and the client
 * certificate of mutual TLS.
 */
class ElasticsearchSecurityConfigTest {
    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    static Path dir;

    /** One request as the endpoint saw it: method, path, Authorization header, client certificate subject. */
    private record Seen(String call, String authorization, String clientCertificate) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final RecordingDiagnostics diagnostics = new RecordingDiagnostics();
    private HttpsServer server;
    private Pipeline<LogEvent> pipeline;

    @BeforeAll
    static void makeCertificates() throws Exception {
        TestCertificates.make(dir);
    }

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.stop();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    /** An HTTPS endpoint answering {@code GET /} as OpenSearch and every {@code _bulk} as all created. */
    private String serve(String keyStore, boolean needClientAuth) throws Exception {
        server = TestCertificates.https(dir, keyStore, needClientAuth, this::answer);
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String client;
        try {
            client = ((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName();
        } catch (SSLPeerUnverifiedException none) {
            client = null;
        }
        seen.add(new Seen(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"), client));
        int events = (int) body.lines().count() / 2;
        String answer = "GET".equals(exchange.getRequestMethod())
                ? "{\"version\":{\"distribution\":\"opensearch\",\"number\":\"2.19.1\"}}"
                : "{\"errors\":false,\"items\":[" + "{\"create\":{\"status\":201}},".repeat(events).replaceAll(",$", "") + "]}";
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Starts a pipeline from text options (plus a PEM CA for {@code url}), ships one event and flushes. */
    private void ship(String url, Map<String, String> options) {
        Map<String, String> all = new HashMap<>(Map.of("serviceName", "checkout", "compression", "none",
                "flushOnExit", "false", "lossSummary", "false", "maxRetries", "0",
                "elasticsearch.url", url, "elasticsearch.caCertificate", dir.resolve("ca.pem").toString()));
        all.putAll(options);
        ConfigProblems problems = new ConfigProblems();
        PipelineConfig.Builder builder = PipelineConfig.builder();
        TextSettings.apply(all, builder, problems);
        assertThat(problems.all()).isEmpty();
        pipeline = Pipeline.start(builder.name("security-test-" + NAMES.incrementAndGet()).diagnostics(diagnostics)
                .build(), EventReader.identity());
        assertThat(pipeline.offer(SimpleLogEvent.builder().logger("app").thread("main").message("hello").build())).isTrue();
        assertThat(pipeline.flush(Duration.ofSeconds(20))).isTrue();
    }

    private List<Seen> bulks() {
        return seen.stream().filter(s -> s.call().equals("POST /logs-checkout-default/_bulk")).toList();
    }

    @Test
    void basicAuthOverTlsWithAPemCaFromTheConfiguration() throws Exception {
        String url = serve("server.p12", false);

        ship(url, Map.of("elasticsearch.username", "elastic", "elasticsearch.password", "s3cret:with colon"));

        String basic = "Basic " + Base64.getEncoder().encodeToString("elastic:s3cret:with colon".getBytes(StandardCharsets.UTF_8));
        assertThat(pipeline.metrics().delivered()).isEqualTo(1);
        assertThat(bulks()).singleElement().satisfies(s -> assertThat(s.authorization()).isEqualTo(basic));
        assertThat(seen).allSatisfy(s -> assertThat(s.authorization()).isEqualTo(basic)); // detection too
        assertThat(String.join("\n", diagnostics.infos) + diagnostics.warnings).doesNotContain("s3cret");
    }

    @Test
    void anApiKeyFromTheConfigurationIsSentAsItIs() throws Exception {
        String url = serve("server.p12", false);

        ship(url, Map.of("elasticsearch.apiKey", "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="));

        assertThat(pipeline.metrics().delivered()).isEqualTo(1);
        assertThat(bulks()).singleElement().satisfies(s -> assertThat(s.authorization())
                .isEqualTo("ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="));
    }

    @Test
    void aBearerTokenFromTheConfigurationIsSentAsBearer() throws Exception {
        String url = serve("server.p12", false);

        ship(url, Map.of("elasticsearch.bearerToken", "eyJhbGciOi.token.sig"));

        assertThat(pipeline.metrics().delivered()).isEqualTo(1);
        assertThat(bulks()).singleElement().satisfies(s -> assertThat(s.authorization())
                .isEqualTo("Bearer eyJhbGciOi.token.sig"));
    }

    @Test
    void theClientCertificateFromTheConfigurationIsPresented() throws Exception {
        String url = serve("server.p12", true);

        ship(url, Map.of("elasticsearch.keyStore", dir.resolve("client.p12").toString(),
                "elasticsearch.keyStorePassword", TestCertificates.PASSWORD));

        assertThat(pipeline.metrics().delivered()).isEqualTo(1);
        assertThat(bulks()).singleElement().satisfies(s -> assertThat(s.clientCertificate())
                .isEqualTo("CN=logship client"));
    }

    @Test
    void aCertificateForAnotherHostIsRefusedByDefault() throws Exception {
        String url = serve("wrong.p12", false);

        ship(url, Map.of("elasticsearch.username", "elastic", "elasticsearch.password", "s3cret"));

        assertThat(seen).isEmpty(); // refused in the handshake: no request, so no credentials, reached it
        assertThat(pipeline.metrics().delivered()).isZero();
        assertThat(pipeline.metrics().dropped(DropReason.DELIVERY_FAILED)).isEqualTo(1);
    }
}
