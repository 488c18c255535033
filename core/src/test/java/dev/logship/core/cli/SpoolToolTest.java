package dev.logship.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.logship.core.batch.Batch;
import dev.logship.core.config.ConfigProblems;
import dev.logship.core.event.EventReader;
import dev.logship.core.event.LogEvent;
import dev.logship.core.event.SimpleLogEvent;
import dev.logship.core.pipeline.Pipeline;
import dev.logship.core.pipeline.PipelineConfig;
import dev.logship.core.sink.GraylogConfig;
import dev.logship.core.diag.PipelineMetrics;
import dev.logship.core.spill.FsyncPolicy;
import dev.logship.core.spill.SpillSettings;
import dev.logship.core.spill.SpillStore;
import dev.logship.core.testkit.RecordingDiagnostics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolToolTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeReceivers() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    /** Three records of bulk-style events (action line + document), the first one acknowledged. */
    @BeforeEach
    void spool() throws Exception {
        try (SpillStore store = SpillStore.open(SpillSettings.in(dir).withFsync(FsyncPolicy.ALWAYS),
                new PipelineMetrics(), new RecordingDiagnostics())) {
            for (int b = 0; b < 3; b++) {
                Batch batch = new Batch(1024);
                for (int i = 0; i < 4; i++) {
                    byte[] record = ("{\"create\":{\"_index\":\"logs-x-default\",\"_id\":\"id-" + b + i + "\"}}\n"
                            + "{\"message\":\"event " + b + "-" + i + "\"}\n").getBytes(StandardCharsets.UTF_8);
                    batch.appendRecord(record, 0, record.length);
                }
                batch.timeSpan(1_700_000_000_000L + b, 1_700_000_000_000L + b + 10);
                store.append(batch, null);
            }
            store.ack(store.peek());
        }
    }

    private int run(String... args) {
        return new SpoolTool(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void inspectPrintsSegmentsRecordsEventsBytesAndTheTimeSpan() {
        assertThat(run("spool", "inspect", dir.toString())).isZero();
        assertThat(out()).contains("1 segment(s), 3 records, 12 events (8 waiting to be replayed)")
                .contains("events from 2023-11-14T22:13:20Z to 2023-11-14T22:13:20.012Z")
                .contains("4 events already delivered").contains("cursor: segment 1");
    }

    @Test
    void verifyChecksEveryRecordAndReportsDamage() throws Exception {
        assertThat(run("spool", "verify", dir.toString())).isZero();
        assertThat(out()).contains("3 records (12 events) check; 0 problem(s)");

        Path segment = Files.list(dir).filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(file.length() - 3);
            file.write(0x42 ^ file.read());
        }
        out.reset();
        assertThat(run("spool", "verify", dir.toString())).isEqualTo(1);
        assertThat(out()).contains("does not match its CRC32C").contains("2 records (8 events) check; 1 problem(s)");
    }

    @Test
    void exportWritesTheWaitingEventsAsNdjson() throws Exception {
        Path file = dir.resolve("out.ndjson");
        assertThat(run("spool", "export", dir.toString(), "--output", file.toString())).isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(8).first().isEqualTo("{\"message\":\"event 1-0\"}");
        assertThat(run("spool", "export", dir.toString(), "--output", file.toString(), "--all")).isZero();
        assertThat(Files.readAllLines(file)).hasSize(12);
    }

    @Test
    void badUsageExplainsItself() {
        assertThat(run("spool", "explode", dir.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'explode'").contains("usage:");
        err.reset();
        assertThat(run("spool", "replay", dir.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("replay needs --url");
        err.reset();
        assertThat(run("spool", "inspect", dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not a directory");
    }

    // ------------------------------------------------------------------ replay of a GELF spool

    /** A port nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * A spool written by the real Graylog sink for {@code url} (nothing listens there): messages "g0".."g<n-1>",
     * in the wire format of that transport.
     */
    private Path gelfSpool(String url, int events) {
        Path gelf = dir.resolve("gelf");
        ConfigProblems problems = new ConfigProblems();
        GraylogConfig graylog = GraylogConfig.of(url, null, null, null, null, null, null, problems);
        problems.throwIfAny();
        Pipeline<LogEvent> pipeline = Pipeline.start(PipelineConfig.builder().name("spool-tool-test").graylog(graylog)
                .shutdownHook(false).lossSummary(false).diagnostics(new RecordingDiagnostics()).hostName("test-host")
                .serviceName("svc").batchLinger(Duration.ofMillis(20)).maxRetries(0).initialBackoff(Duration.ofMillis(10))
                .maxBackoff(Duration.ofMillis(50)).shutdownTimeout(Duration.ofSeconds(2)).spillDirectory(gelf).build(),
                EventReader.identity());
        for (int i = 0; i < events; i++) {
            assertThat(pipeline.offer(SimpleLogEvent.builder().logger("test").thread("main").message("g" + i).build()))
                    .isTrue();
        }
        pipeline.stop();
        assertThat(pipeline.metrics().spilled()).as("%s", pipeline.metrics()).isEqualTo(events);
        return gelf;
    }

    private static Set<String> messages(int events) {
        Set<String> all = new HashSet<>();
        for (int i = 0; i < events; i++) {
            all.add("g" + i);
        }
        return all;
    }

    private static String shortMessage(String json) {
        int at = json.indexOf("\"short_message\":\"") + 17;
        return json.substring(at, json.indexOf('"', at));
    }

    /** A GELF HTTP input stand-in: keeps every request body (gunzipped), answers 202. */
    private String httpInput(List<String> bodies) throws IOException {
        return httpInput(bodies, "/gelf");
    }

    private String httpInput(List<String> bodies, String path) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext(path, exchange -> {
            InputStream in = exchange.getRequestBody();
            if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.start();
        closing.add(() -> server.stop(0));
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** A GELF TCP input stand-in: every byte received on any connection, in arrival order per connection. */
    private String tcpInput(ByteArrayOutputStream received) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closing.add(server);
        Thread accept = new Thread(() -> {
            try {
                while (true) {
                    Socket socket = server.accept();
                    closing.add(socket);
                    Thread reader = new Thread(() -> {
                        try (InputStream in = socket.getInputStream()) {
                            byte[] buffer = new byte[8192];
                            for (int n; (n = in.read(buffer)) > 0; ) {
                                synchronized (received) {
                                    received.write(buffer, 0, n);
                                }
                            }
                        } catch (IOException closed) {
                            // the test is over
                        }
                    });
                    reader.setDaemon(true);
                    reader.start();
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        accept.setDaemon(true);
        accept.start();
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    @Test
    void replaySendsASpoolWrittenForGelfTcpToAGraylogHttpInputOneMessagePerRequest() throws Exception {
        Path gelf = gelfSpool("tcp://127.0.0.1:" + closedPort(), 300);
        List<String> bodies = new CopyOnWriteArrayList<>();

        assertThat(run("spool", "replay", gelf.toString(), "--url", httpInput(bodies))).as(err.toString()).isZero();

        assertThat(out()).contains("replayed 300 events to graylog").contains("left in " + gelf + ": 0");
        assertThat(bodies).hasSize(300).allSatisfy(body -> assertThat(body).as("one JSON object, framed for HTTP")
                .startsWith("{\"version\":\"1.1\"").endsWith("}\n").doesNotContain("\u0000"));
        assertThat(bodies.stream().map(SpoolToolTest::shortMessage).toList()).hasSize(300)
                .containsExactlyInAnyOrderElementsOf(messages(300));
        out.reset();
        assertThat(run("spool", "inspect", gelf.toString())).isZero();
        assertThat(out()).contains("0 segment(s), 0 records, 0 events");
    }

    @Test
    void onATerminalReplayDrawsAProgressBarAndEndsItsLine() throws Exception {
        Path gelf = gelfSpool("tcp://127.0.0.1:" + closedPort(), 300);
        List<String> bodies = new CopyOnWriteArrayList<>();
        SpoolTool onTerminal = new SpoolTool(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), true);

        assertThat(onTerminal.run(new String[] {"spool", "replay", gelf.toString(), "--url", httpInput(bodies)})).as(err.toString())
                .isZero();

        String printed = out();
        assertThat(printed).contains("\r[" + "#".repeat(40) + "] 100% 300/300 events\n")
                .doesNotContain("replayed 300/300 events (100%)"); // the line-per-tenth form is for pipes and files
        assertThat(bodies).hasSize(300);
    }

    @Test
    void replaySendsASpoolWrittenForGelfHttpToAGraylogTcpInputFramedWithNul() throws Exception {
        Path gelf = gelfSpool("http://127.0.0.1:" + closedPort() + "/gelf", 300);
        ByteArrayOutputStream received = new ByteArrayOutputStream();

        assertThat(run("spool", "replay", gelf.toString(), "--url", tcpInput(received))).as(err.toString()).isZero();

        assertThat(out()).contains("replayed 300 events to graylog").contains("left in " + gelf + ": 0");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            synchronized (received) {
                return received.toString(StandardCharsets.UTF_8).chars().filter(c -> c == 0).count() == 300;
            }
        });
        String stream;
        synchronized (received) {
            stream = received.toString(StandardCharsets.UTF_8);
        }
        assertThat(stream).endsWith("\u0000");
        List<String> frames = List.of(stream.substring(0, stream.length() - 1).split("\u0000"));
        assertThat(frames).hasSize(300).allSatisfy(frame -> assertThat(frame).as("one JSON object, no newline framing")
                .startsWith("{\"version\":\"1.1\"").endsWith("}").doesNotContain("\n"));
        assertThat(frames.stream().map(SpoolToolTest::shortMessage).toList())
                .containsExactlyInAnyOrderElementsOf(messages(300));
    }

    @Test
    void replayFindsAGelfInputBehindAProxysPathPrefix() throws Exception {
        Path gelf = gelfSpool("tcp://127.0.0.1:" + closedPort(), 50);
        List<String> bodies = new CopyOnWriteArrayList<>();

        assertThat(run("spool", "replay", gelf.toString(), "--url", httpInput(bodies, "/graylog/gelf")))
                .as(err.toString()).isZero();

        assertThat(bodies).hasSize(50);
    }

    @Test
    void replayRefusesAUdpInputWhichAcknowledgesNothing() throws Exception {
        Path gelf = gelfSpool("tcp://127.0.0.1:" + closedPort(), 50);

        assertThat(run("spool", "replay", gelf.toString(), "--url", "udp://127.0.0.1:" + closedPort())).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("replay does not send to udp:// inputs: UDP gives no "
                + "acknowledgement, so the spool would be removed with no sign that its events arrived; replay to the "
                + "same Graylog's TCP or HTTP GELF input instead");
        assertThat(run("spool", "inspect", gelf.toString())).isZero();
        assertThat(out()).as("nothing sent, nothing removed").contains("50 events (50 waiting to be replayed)");
    }

    @Test
    void replayRefusesAGelfSpoolForAnElasticsearchUrlNamingTheOptionAndTheFix() throws Exception {
        Path gelf = gelfSpool("tcp://127.0.0.1:" + closedPort(), 50);
        String elasticsearch = "http://127.0.0.1:" + closedPort();

        assertThat(run("spool", "replay", gelf.toString(), "--url", elasticsearch)).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("logship spool: " + gelf + " holds GELF messages "
                + "(written by a Graylog sink), but --url " + elasticsearch + " is an Elasticsearch/OpenSearch URL; set "
                + "--url to a Graylog GELF input: http://graylog:12201/gelf or tcp://graylog:12201 (an http(s) URL is a "
                + "GELF input when its path ends in /gelf)\n");
        assertThat(run("spool", "inspect", gelf.toString())).isZero();
        assertThat(out()).as("nothing sent, nothing removed").contains("50 events (50 waiting to be replayed)");
    }

    @Test
    void replayRefusesAnElasticsearchSpoolForAGraylogUrlNamingTheOptionAndTheFix() throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        String graylog = tcpInput(received);

        assertThat(run("spool", "replay", dir.toString(), "--url", graylog)).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("logship spool: " + dir + " holds Elasticsearch "
                + "_bulk records (written by an Elasticsearch/OpenSearch sink), but --url " + graylog + " is a Graylog "
                + "GELF input; set --url to the Elasticsearch/OpenSearch node they were logged for, e.g. "
                + "http://localhost:9200\n");
        assertThat(received.size()).isZero();
        assertThat(run("spool", "inspect", dir.toString())).isZero();
        assertThat(out()).as("nothing removed").contains("12 events (8 waiting to be replayed)");
    }

    @Test
    void elasticsearchCredentialsWithAGraylogUrlAreRefused() {
        assertThat(run("spool", "replay", dir.toString(), "--url", "tcp://127.0.0.1:12201", "--api-key", "k"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--api-key")
                .contains("applies to Elasticsearch/OpenSearch only").contains("leave it out");
    }
}
