package dev.logship.core.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.logship.core.config.ConfigProblems;
import dev.logship.core.deliver.HttpSender;
import dev.logship.core.testkit.RecordingDiagnostics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The template and lifecycle policy requests of {@code bootstrapTemplate}, against a scripted fake cluster. */
class IndexBootstrapTest {
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final RecordingDiagnostics diagnostics = new RecordingDiagnostics();
    private HttpServer server;
    private HttpSender sender;

    @AfterEach
    void stop() {
        if (sender != null) {
            sender.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    /** Answers each request with {@code answer(method + " " + path)} = status; records method, path and body. */
    private String serve(Function<String, Integer> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", exchange -> {
            String call = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            requests.add(call + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int status = answer.apply(call);
            byte[] body = (status == 400 ? "{\"error\":\"no handler found for uri\"}" : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void bootstrap(String url, ServerInfo info, Duration retention) {
        ElasticsearchConfig config = ElasticsearchConfig.of(url, "logs-shop-default", null, null, null, null, null, "shop",
                new ConfigProblems()).withOptions(true, true, retention);
        sender = new HttpSender(Duration.ofSeconds(2), Duration.ofSeconds(2), 1, Map.of());
        new IndexBootstrap(config, sender, url, diagnostics).run(info);
    }

    @Test
    void elasticsearchGetsAnIlmPolicyThatTheTemplateNames() throws IOException {
        String url = serve(call -> call.startsWith("GET /_ilm") ? 404 : 200);

        bootstrap(url, new ServerInfo("elasticsearch", "9.5.3"), Duration.ofDays(30));

        assertThat(requests).anySatisfy(r -> assertThat(r).startsWith("PUT /_ilm/policy/logship-logs-shop-default")
                .contains("\"min_age\":\"30d\"").contains("\"rollover\""));
        assertThat(requests).anySatisfy(r -> assertThat(r).startsWith("PUT /_index_template/logship-logs-shop-default")
                .contains("\"index.lifecycle.name\":\"logship-logs-shop-default\"").contains("\"data_stream\":{}"));
        assertThat(diagnostics.warnings).isEmpty();
    }

    @Test
    void openSearchGetsAnIsmPolicyAttachedByItsOwnTemplate() throws IOException {
        String url = serve(call -> call.startsWith("GET /_plugins") ? 404 : 200);

        bootstrap(url, new ServerInfo("opensearch", "2.19.1"), Duration.ofHours(36));

        assertThat(requests).anySatisfy(r -> assertThat(r).startsWith("PUT /_plugins/_ism/policies/logship-logs-shop-default")
                .contains("\"min_index_age\":\"36h\"").contains(".ds-logs-shop-default*"));
        assertThat(requests).anySatisfy(r -> assertThat(r).startsWith("PUT /_index_template/")
                .doesNotContain("index.lifecycle.name"));
    }

    @Test
    void aClusterWithoutLifecyclePoliciesGetsTheTemplateAloneAndSaysSo() throws IOException {
        String url = serve(call -> call.startsWith("GET /_plugins") ? 400 : 200);

        bootstrap(url, new ServerInfo("opensearch", "2.19.1"), Duration.ofDays(7));

        assertThat(requests).noneSatisfy(r -> assertThat(r).startsWith("PUT /_plugins"));
        assertThat(requests).anySatisfy(r -> assertThat(r).startsWith("PUT /_index_template/"));
        assertThat(diagnostics.infos).anySatisfy(i -> assertThat(i).contains("offers no ISM")
                .contains("elasticsearch.retention is not applied"));
    }

    @Test
    void aRefusalNamesThePrivilegeToGrant() throws IOException {
        String url = serve(call -> 403);

        bootstrap(url, new ServerInfo("elasticsearch", "8.19.21"), null);

        assertThat(diagnostics.warnings).singleElement().satisfies(w -> assertThat(w)
                .contains("not allowed to create index template").contains("manage_index_templates")
                .contains("elasticsearch.bootstrapTemplate=false"));
    }

    @Test
    void agesAreWrittenInTheLargestWholeUnit() {
        assertThat(IndexBootstrap.age(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(IndexBootstrap.age(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(IndexBootstrap.age(Duration.ofMinutes(90))).isEqualTo("5400s");
    }
}
