package dev.logship.core.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.logship.core.config.ConfigProblems;
import dev.logship.core.deliver.HttpSender;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@link ElasticsearchSink#detect()} reads from {@code GET /} and {@code GET /_nodes/_local}. */
class ServerDetectionTest {
    private HttpServer server;
    private ElasticsearchSink sink;

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve(int rootStatus, String root, String nodes) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", exchange -> {
            boolean isRoot = exchange.getRequestURI().getPath().equals("/");
            byte[] body = (isRoot ? root : nodes).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(isRoot ? rootStatus : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private ServerInfo detect(String urls) throws IOException {
        ElasticsearchConfig config = ElasticsearchConfig.of(urls, null, null, null, null, null, null, "svc",
                new ConfigProblems());
        sink = new ElasticsearchSink(config, new HttpSender(Duration.ofSeconds(2), Duration.ofSeconds(2), 1, Map.of()));
        return sink.detect();
    }

    @Test
    void openSearchNamesItsDistribution() throws IOException {
        String url = serve(200, "{\"name\":\"n\",\"version\":{\"distribution\":\"opensearch\",\"number\":\"2.19.1\"}}", "");

        ServerInfo info = detect(url);

        assertThat(info.isOpenSearch()).isTrue();
        assertThat(info.version()).isEqualTo("2.19.1");
        assertThat(info.isSupported()).isTrue();
        assertThat(info).hasToString("OpenSearch 2.19.1");
    }

    @Test
    void elasticsearchAnswersWithoutADistribution() throws IOException {
        ServerInfo info = detect(serve(200, "{\"version\":{\"number\":\"8.19.21\",\"build_flavor\":\"default\"}}", ""));

        assertThat(info.isOpenSearch()).isFalse();
        assertThat(info).hasToString("Elasticsearch 8.19.21");
    }

    @Test
    void aRootThatAnswers405FallsBackToTheNodesApi() throws IOException {
        ServerInfo info = detect(serve(405, "{}", "{\"nodes\":{\"abc\":{\"version\":\"9.5.3\"}}}"));

        assertThat(info).hasToString("Elasticsearch 9.5.3");
    }

    @Test
    void oldVersionsAreUnsupported() {
        assertThat(new ServerInfo("elasticsearch", "7.8.1").isSupported()).isFalse();
        assertThat(new ServerInfo("elasticsearch", "7.17.29").isSupported()).isTrue();
        assertThat(new ServerInfo("elasticsearch", "6.8.0").isSupported()).isFalse();
        assertThat(new ServerInfo("opensearch", "1.3.0").isSupported()).isTrue();
    }

    @Test
    void aDeadFirstNodeIsSkippedAndNoNodeAtAllThrows() throws IOException {
        int dead;
        try (ServerSocket socket = new ServerSocket(0)) {
            dead = socket.getLocalPort();
        }
        String live = serve(200, "{\"version\":{\"distribution\":\"opensearch\",\"number\":\"3.8.0\"}}", "");

        assertThat(detect("http://127.0.0.1:" + dead + "," + live)).hasToString("OpenSearch 3.8.0");
        sink.close();
        assertThatThrownBy(() -> detect("http://127.0.0.1:" + dead)).isInstanceOf(IOException.class);
    }
}
