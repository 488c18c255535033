package dev.logship.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.logship.e2e.testkit.LogbackFixture;
import dev.logship.e2e.testkit.OpenSearchClient;
import dev.logship.e2e.testkit.RealOpenSearch;
import dev.logship.demo.SwitchableProxy;
import dev.logship.logback.ElasticsearchSettings;
import dev.logship.logback.LogshipAppender;
import dev.logship.logback.SpillSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar logship-core.jar spool ...} as a user runs it: the built core jar with its
 * dependencies in {@code lib/} beside it (the manifest's class path), on a spool an application left
 * while the real OpenSearch node was unreachable; {@code replay} then delivers it to the node.
 */
@ExtendWith(RealOpenSearch.class)
class SpoolToolIT {
    private static final Path CORE_JAR = Path.of(System.getProperty("logship.core.jar", "core/target/missing.jar"));

    @TempDir
    Path work;

    @AfterEach
    void tearDown() {
        LogbackFixture.reset();
    }

    @Test
    void inspectVerifyExportAndReplayASpoolFromTheCommandLine(OpenSearchClient es) throws Exception {
        es.dataStreamTemplate("logs-spool", "logs-spool-*");
        Path spool = work.resolve("spool");
        try (SwitchableProxy proxy = new SwitchableProxy(es.url())) {
            proxy.down();
            LogshipAppender appender = LogbackFixture.attach(proxy.url(), a -> {
                ElasticsearchSettings target = new ElasticsearchSettings();
                target.setUrl(proxy.url());
                target.setDataStream("logs-spool-default");
                a.setElasticsearch(target);
                a.setConnectTimeout("1s");
                a.setMaxRetries("0");
                SpillSettings spill = new SpillSettings();
                spill.setDirectory(spool.toString());
                a.setSpill(spill);
            });
            for (int i = 0; i < 5000; i++) {
                LoggerFactory.getLogger("e2e.spool").info("spooled {}", i);
            }
            await().atMost(java.time.Duration.ofSeconds(60)).until(() -> appender.metrics().spilled() == 5000);
            LogbackFixture.reset(); // the application stops; the spool stays
        }
        Path tool = installTool();

        Result inspect = run(tool, "spool", "inspect", spool.toString());
        assertThat(inspect.status).as(inspect.output).isZero();
        assertThat(inspect.output).contains("5000 events (5000 waiting to be replayed)").contains("events from ");

        Result verify = run(tool, "spool", "verify", spool.toString());
        assertThat(verify.status).as(verify.output).isZero();
        assertThat(verify.output).contains("(5000 events) check; 0 problem(s)");

        Path exported = work.resolve("events.ndjson");
        Result export = run(tool, "spool", "export", spool.toString(), "--output", exported.toString());
        assertThat(export.status).as(export.output).isZero();
        List<String> lines = Files.readAllLines(exported);
        assertThat(lines).hasSize(5000).allSatisfy(line -> assertThat(line).startsWith("{\"@timestamp\":")
                .contains("\"message\":\"spooled "));

        Result replay = run(tool, "spool", "replay", spool.toString(), "--url", es.url());
        assertThat(replay.status).as(replay.output).isZero();
        assertThat(replay.output).contains("replayed 5000 events").contains("left in " + spool + ": 0");
        assertThat(es.count("logs-spool-default")).isEqualTo(5000);

        Result after = run(tool, "spool", "inspect", spool.toString());
        assertThat(after.output).contains("0 segment(s), 0 records, 0 events");
    }

    /** The core jar in a directory of its own with its runtime dependencies in lib/, as the manifest expects. */
    private Path installTool() throws Exception {
        Path dir = work.resolve("tool");
        Files.createDirectories(dir.resolve("lib"));
        Path jar = dir.resolve("logship-core.jar");
        Files.copy(CORE_JAR, jar);
        for (String type : List.of("com.fasterxml.jackson.core.JsonFactory",
                "org.apache.hc.client5.http.impl.classic.CloseableHttpClient", "org.apache.hc.core5.http.HttpHost",
                "org.apache.hc.core5.http2.HttpVersionPolicy", "com.github.luben.zstd.Zstd", "org.slf4j.LoggerFactory")) {
            Path source = Path.of(Class.forName(type).getProtectionDomain().getCodeSource().getLocation().toURI());
            Files.copy(source, dir.resolve("lib").resolve(source.getFileName()));
        }
        return jar;
    }

    private record Result(int status, String output) {
    }

    private static Result run(Path jar, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
