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
        bootstrap(url, "logs-shop-default", null, info, retention);
    }

    /** Bootstraps a data stream or (dataStream null) an index target; {@code urls} comma-separated. */
    private void bootstrap(String urls, String dataStream, String index, ServerInfo info, Duration retention) {
        ConfigProblems problems = new ConfigProblems();
        ElasticsearchConfig config = ElasticsearchConfig.of(urls, dataStream, index, null, null, null, null, "shop",
                problems).withOptions(true, true, retention);
        assertThat(problems.all()).isEmpty();
        sender = new HttpSender(Duration.ofSeconds(2), Duration.ofSeconds(2), 1, Map.of());
        new IndexBootstrap(config, sender, config.urls().stream().map(Object::toString).toList(), diagnostics).run(info);
    }

    private static String deadUrl() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
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
    void aDatedIndexGetsAnIlmPolicyThatDeletesByAgeWithoutRolloverOnceItsLastDayIsOlderThanTheRetention()
            throws IOException {
        String url = serve(call -> call.startsWith("GET /_ilm") ? 404 : 200);

        bootstrap(url, null, "app-%d{yyyy.MM.dd}", new ServerInfo("elasticsearch", "8.19.21"), Duration.ofDays(14));

        assertThat(requests).anySatisfy(r -> assertThat(r).startsWith("PUT /_ilm/policy/logship-app- ")
                .contains("\"delete\":{\"min_age\":\"15d\",\"actions\":{\"delete\":{}}}").doesNotContain("rollover"));
        assertThat(requests).anySatisfy(r -> assertThat(r).startsWith("PUT /_index_template/logship-app-")
                .contains("\"index_patterns\":[\"app-*\"]").contains("\"index.lifecycle.name\":\"logship-app-\"")
                .doesNotContain("data_stream"));
        assertThat(diagnostics.warnings).isEmpty();
    }

    @Test
    void openSearchGetsAnIsmPolicyAttachedByItsOwnTemplate() throws IOException {
        String url = serve(call -> call.startsWith("GET /_plugins") ? 404 : 200);

        bootstrap(url, new ServerInfo("opensearch", "2.19.1"), Duration.ofHours(36));

        assertThat(requests).anySatisfy(r -> assertThat(r).startsWith("PUT /_plugins/_ism/policies/logship-logs-shop-default")
                .contains("\"min_index_age\":\"36h\"").contains("\"index_patterns\":[\".ds-logs-shop-default*\"]")
                .contains("\"rollover\":{\"min_index_age\":\"1d\"}"));
        assertThat(requests).anySatisfy(r -> assertThat(r).startsWith("PUT /_index_template/")
                .doesNotContain("index.lifecycle.name"));
    }

    @Test
    void aDatedIndexOnOpenSearchGetsAnIsmPolicyThatDeletesByAgeWithoutRollover() throws IOException {
        String url = serve(call -> call.startsWith("GET /_plugins") ? 404 : 200);

        bootstrap(url, null, "app-%d{yyyy.MM.dd}", new ServerInfo("opensearch", "2.19.1"), Duration.ofDays(7));

        assertThat(requests).anySatisfy(r -> assertThat(r).startsWith("PUT /_plugins/_ism/policies/logship-app- ")
                .contains("{\"name\":\"hot\",\"actions\":[],\"transitions\":[{\"state_name\":\"delete\","
                        + "\"conditions\":{\"min_index_age\":\"8d\"}}]}")
                .contains("\"index_patterns\":[\"app-*\"]").doesNotContain("rollover").doesNotContain(".ds-"));
        assertThat(diagnostics.warnings).isEmpty();
    }

    @Test
    void aNodeThatCannotBeReachedPassesTheBootstrapToTheNext() throws IOException {
        String live = serve(call -> call.startsWith("GET /_ilm") ? 404 : 200);

        bootstrap(deadUrl() + "," + live, "logs-shop-default", null, new ServerInfo("elasticsearch", "9.5.3"),
                Duration.ofDays(30));

        assertThat(requests).anySatisfy(r -> assertThat(r).startsWith("PUT /_ilm/policy/logship-logs-shop-default"));
        assertThat(requests).anySatisfy(r -> assertThat(r).startsWith("PUT /_index_template/logship-logs-shop-default"));
        assertThat(diagnostics.warnings).isEmpty();
        assertThat(diagnostics.infos).anySatisfy(i -> assertThat(i).contains("created index template"));
    }

    @Test
    void whenNoNodeAnswersTheBootstrapSaysSoOnce() throws IOException {
        String first = deadUrl();
        String second = deadUrl();

        bootstrap(first + "," + second, "logs-shop-default", null, new ServerInfo("elasticsearch", "9.5.3"),
                Duration.ofDays(30));

        assertThat(diagnostics.warnings).singleElement().satisfies(w -> assertThat(w)
                .contains("could not create index template 'logship-logs-shop-default'").contains("no node answered")
                .contains(first).contains(second));
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
    void aMonthlyIndexIsKeptTheRetentionAfterItsLastMonthOfWrites() throws IOException {
        String url = serve(call -> call.startsWith("GET /_ilm") ? 404 : 200);

        bootstrap(url, null, "app-%d{yyyy.MM}", new ServerInfo("elasticsearch", "8.19.21"), Duration.ofDays(7));

        assertThat(requests).anySatisfy(r -> assertThat(r).startsWith("PUT /_ilm/policy/logship-app- ")
                .as("created at the month's start, written to for up to 31 days: never deleted while written to")
                .contains("\"min_age\":\"38d\""));
    }

    @Test
    void anIndexWrittenToIsAsLongAsTheSmallestFieldOfItsDatePattern() {
        assertThat(IndexTarget.period("app-%d{yyyy.MM.dd}")).isEqualTo(Duration.ofDays(1));
        assertThat(IndexTarget.period("app-%d{yyyy.MM.dd.HH}")).isEqualTo(Duration.ofHours(1));
        assertThat(IndexTarget.period("app-%d{yyyy-'w'ww}")).isEqualTo(Duration.ofDays(7));
        assertThat(IndexTarget.period("app-%d{yyyy.MM}")).isEqualTo(Duration.ofDays(31));
        assertThat(IndexTarget.period("app-%d{yyyy}-logs")).isEqualTo(Duration.ofDays(366));
        assertThat(IndexTarget.period("app-%d{'day'yyyy}")).as("quoted text is not a field").isEqualTo(Duration.ofDays(366));
        assertThat(IndexTarget.period("app-logs")).isNull();
    }

    @Test
    void aRetentionOnAnIndexWithoutADateIsAProblemNamingTheSettingAndTheFix() {
        ConfigProblems problems = new ConfigProblems();
        ElasticsearchConfig.of("http://localhost:9200", null, "app-logs", null, null, null, null, "shop", problems)
                .withOptions(true, true, Duration.ofDays(30)).checkRetention(problems);
        assertThat(String.join("\n", problems.all())).contains("elasticsearch.retention")
                .contains("'app-logs' has no date, so it would delete the index being written")
                .contains("app-logs-%d{yyyy.MM.dd}");

        ConfigProblems fine = new ConfigProblems();
        ElasticsearchConfig.of("http://localhost:9200", null, "app-%d{yyyy.MM}", null, null, null, null, "shop", fine)
                .withOptions(true, true, Duration.ofDays(30)).checkRetention(fine);
        ElasticsearchConfig.of("http://localhost:9200", "logs-shop-default", null, null, null, null, null, "shop", fine)
                .withOptions(true, true, Duration.ofDays(30)).checkRetention(fine);
        assertThat(fine.isEmpty()).isTrue();
    }

    @Test
    void agesAreWrittenInTheLargestWholeUnit() {
        assertThat(IndexBootstrap.age(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(IndexBootstrap.age(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(IndexBootstrap.age(Duration.ofMinutes(90))).isEqualTo("5400s");
    }
}
