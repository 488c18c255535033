package dev.logship.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.logship.e2e.testkit.OpenSearchClient;
import dev.logship.e2e.testkit.RealOpenSearch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Spring Boot example application (examples/spring-boot-example: the starter, spring.application.name and
 * logship.elasticsearch.url, nothing else about logship) in its own JVM, shipping to the real OpenSearch node:
 * its startup logs and a request's log arrive with service.name from spring.application.name, the Actuator shows
 * the logship health contributor UP and the logship.* meters counting.
 */
@ExtendWith(RealOpenSearch.class)
class SpringBootIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final StringBuffer output = new StringBuffer();
    private Process app;
    private Thread pump;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    @Test
    void theExampleShipsItsStartupAndRequestLogsWithTheApplicationName(OpenSearchClient es) throws Exception {
        try {
            shipsStartupAndRequestLogs(es);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\nthe example application's output:\n" + output, e);
        }
    }

    private void shipsStartupAndRequestLogs(OpenSearchClient es) throws Exception {
        int port = freePort();
        app = start(port, es.url());
        String base = "http://127.0.0.1:" + port;
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> status(base + "/actuator/health") == 200);

        String order = "e2e-" + UUID.randomUUID();
        assertThat(get(base + "/orders/" + order).body()).contains(order);

        String index = "logs-checkout-default";
        await().atMost(WAIT).until(() -> exists(es, index)
                && es.countWhere(index, "message:\"order " + order + " looked up\"") == 1);
        Map<String, Object> request = es.search(index, "message:\"order " + order + " looked up\"", 1).get(0);
        assertThat(request).containsEntry("service.name", "checkout").containsEntry("labels.orderId", order)
                .containsEntry("amountCents", 4250L);
        List<Map<String, Object>> startup = es.search(index, "message:\"Starting CheckoutApplication\"", 10);
        assertThat(startup).as("the startup line, logged before the context existed").isNotEmpty()
                .allSatisfy(doc -> assertThat(doc).containsEntry("service.name", "checkout"));

        String health = get(base + "/actuator/health").body();
        String logship = health.substring(health.indexOf("\"logship\":"), health.indexOf("\"ping\":"));
        assertThat(logship).contains("\"sinkState\":\"UP\"").contains("\"attachedByStarter\":true")
                .contains("\"dropped\":0").endsWith("\"status\":\"UP\"},");
        await().atMost(WAIT).until(() -> delivered(base) >= 2);
        assertThat(output.toString()).doesNotContain("logship: invalid");

        // SIGTERM (Process.destroy() would also close our end of its output): the context closes, and the starter
        // stops the appender last, which delivers what is queued within shutdownTimeout
        app.toHandle().destroy();
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
        pump.join(10_000); // the rest of its output
        java.util.regex.Matcher stopped = java.util.regex.Pattern
                .compile("stopped 'LOGSHIP': received (\\d+), delivered (\\d+), dropped (\\d+)").matcher(output);
        assertThat(stopped.find()).as("the appender's stop line").isTrue();
        assertThat(stopped.group(2)).as("delivered, shutdown logs included").isEqualTo(stopped.group(1));
        assertThat(stopped.group(3)).isEqualTo("0");
    }

    private double delivered(String base) throws IOException, InterruptedException {
        String body = get(base + "/actuator/metrics/logship.events.delivered").body();
        int at = body.indexOf("\"value\":");
        return at < 0 ? -1 : Double.parseDouble(body.substring(at + 8).split("[,}]")[0]);
    }

    private boolean exists(OpenSearchClient es, String index) {
        try {
            es.count(index);
            return true;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private Process start(int port, String url) throws IOException {
        Path jar = Path.of(System.getProperty("logship.spring.example.jar"));
        Path classpath = Path.of(System.getProperty("logship.spring.example.classpath"));
        assertThat(jar).as("build examples/spring-boot-example first (mvn verify does)").exists();
        String cp = jar + java.io.File.pathSeparator + Files.readString(classpath).trim();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", cp,
                "dev.logship.examples.spring.CheckoutApplication", "--server.port=" + port,
                "--logship.elasticsearch.url=" + url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    output.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "spring-example-output");
        pump.setDaemon(true);
        pump.start();
        return process;
    }

    private int status(String url) {
        try {
            return get(url).statusCode();
        } catch (IOException | InterruptedException e) {
            assertThat(app.isAlive()).as("the example application exited:\n" + output).isTrue();
            return -1;
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
