package dev.logship.graylog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.logship.core.config.ConfigProblems;
import dev.logship.core.event.EventReader;
import dev.logship.core.event.Level;
import dev.logship.core.event.LogEvent;
import dev.logship.core.event.SimpleLogEvent;
import dev.logship.core.pipeline.Pipeline;
import dev.logship.core.pipeline.PipelineConfig;
import dev.logship.core.sink.GraylogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.graylog2.plugin.Message;
import dev.logship.core.deliver.TlsSettings;
import dev.logship.core.diag.DropReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance: what logship's GELF sinks send is received by Graylog's real Netty transports (HTTP,
 * HTTP with bulk receiving, TCP, UDP) and decoded by Graylog's real {@code GelfCodec} into the message
 * the application logged — fields, level, timestamp, host, stack trace — hostile input included; and
 * volume arrives exactly once.
 */
class LogshipToGraylogTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Instant WHEN = Instant.parse("2026-11-26T10:15:30.123456Z");

    /** A CA logship trusts through its ordinary TLS settings, and the certificate it signs for Graylog's input. */
    private static TestCertificates certificates;

    private GraylogInput input;
    private Pipeline<LogEvent> pipeline;

    @AfterEach
    void tearDown() {
        if (pipeline != null) {
            pipeline.stop();
        }
        if (input != null) {
            input.close();
        }
    }

    @BeforeAll
    static void certificates(@TempDir Path dir) {
        certificates = TestCertificates.create(dir);
    }

    /** Each transport logship speaks, with the Graylog input that takes it. */
    static Stream<Arguments> transports() {
        return Stream.of(
                Arguments.of("http", false, "gzip"),
                Arguments.of("http", true, "gzip"),
                Arguments.of("http", false, "none"),
                Arguments.of("tcp", false, "none"),
                Arguments.of("tcp+tls", false, "none"),
                Arguments.of("udp", false, "gzip"),
                Arguments.of("udp", false, "zlib"));
    }

    private void start(String transport, boolean bulk, String compression, PipelineConfig.Builder builder) {
        switch (transport) {
            case "http":
                input = GraylogInput.http(bulk);
                break;
            case "tcp":
                input = GraylogInput.tcp();
                break;
            case "tcp+tls":
                input = GraylogInput.tcpTls(certificates.serverCertPem, certificates.serverKeyPem);
                break;
            default:
                input = GraylogInput.udp();
        }
        String url = transport.equals("http") ? "http://127.0.0.1:" + input.port() + "/gelf"
                : transport + "://127.0.0.1:" + input.port();
        ConfigProblems problems = new ConfigProblems();
        GraylogConfig graylog = GraylogConfig.of(url, bulk ? Boolean.TRUE : null, null, null, null, null,
                transport.equals("udp") ? compression : null, problems);
        start(graylog, problems, compression, builder);
    }

    /** Starts the pipeline on {@code graylog} (TLS trusting the test CA, hostname verified) once it checked out. */
    private void start(GraylogConfig graylog, ConfigProblems problems, String compression,
                       PipelineConfig.Builder builder) {
        String transport = graylog.urls().get(0).getScheme();
        if (graylog.tlsOn()) {
            graylog = graylog.withTls(new TlsSettings(certificates.caPem, null, null, null, null, true), problems);
        }
        problems.throwIfAny();
        pipeline = Pipeline.start(builder.name("graylog-" + NAMES.incrementAndGet()).graylog(graylog)
                .compression(transport.equals("http") && compression.equals("none")
                        ? dev.logship.core.compress.Compression.NONE : dev.logship.core.compress.Compression.GZIP)
                .serviceName("checkout").hostName("web-1").field("environment", "prod")
                .shutdownHook(false).lossSummary(false).batchLinger(Duration.ofMillis(20))
                .initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(200)).build(), EventReader.identity());
    }

    private List<Message> awaitMessages(int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> input.messages().size() >= count);
        return new ArrayList<>(input.messages());
    }

    private static Message byShort(List<Message> messages, String prefix) {
        return messages.stream().filter(m -> m.getMessage() != null && m.getMessage().startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no message starting with '" + prefix + "' in "
                        + messages.stream().map(Message::getMessage).toList()));
    }

    @ParameterizedTest(name = "{0} bulk={1} {2}")
    @MethodSource("transports")
    void everyFieldArrivesAsLogged(String transport, boolean bulk, String compression) {
        start(transport, bulk, compression, PipelineConfig.builder());
        IllegalStateException failure = new IllegalStateException("payment declined",
                new IOException("gateway timeout"));
        pipeline.offer(SimpleLogEvent.builder().timestamp(WHEN).level(Level.ERROR).logger("shop.checkout.Payments")
                .thread("http-nio-8080-exec-7").message("order 42 failed").mdc("requestId", "r-1")
                .mdc("json", "{\"a\":{\"b\":[1,2]}}").keyValue("orderId", 42).keyValue("amount", 19.99)
                .keyValue("express", true).keyValue("nested", Map.of("k", List.of(1, 2))).tag("billing")
                .throwable(failure).build());
        pipeline.offer(SimpleLogEvent.builder().timestamp(WHEN).level(Level.WARN).logger("l").thread("t")
                .message("second").build());

        List<Message> messages = awaitMessages(2);
        assertThat(input.rejections()).isEmpty();
        Message m = byShort(messages, "order 42 failed");
        assertThat(m.getSource()).isEqualTo("web-1");
        assertThat(m.getTimestamp().getMillis()).isEqualTo(WHEN.toEpochMilli());
        assertThat(m.getField("level")).isEqualTo(3); // syslog error
        assertThat(m.getField("logger")).isEqualTo("shop.checkout.Payments");
        assertThat(m.getField("thread")).isEqualTo("http-nio-8080-exec-7");
        assertThat(m.getField("service")).isEqualTo("checkout");
        assertThat(m.getField("environment")).isEqualTo("prod");
        assertThat(m.getField("requestId")).isEqualTo("r-1");
        assertThat(m.getField("json")).isEqualTo("{\"a\":{\"b\":[1,2]}}");
        assertThat(((Number) m.getField("orderId")).longValue()).isEqualTo(42);
        assertThat(((Number) m.getField("amount")).doubleValue()).isEqualTo(19.99);
        assertThat(m.getField("express")).as("booleans as text, which Graylog keeps").isEqualTo("true");
        assertThat(m.getField("nested")).as("a structured key-value arrives as its text").isEqualTo("{k=[1, 2]}");
        assertThat(String.valueOf(m.getField("tags"))).contains("billing");
        assertThat(m.getField("error_type")).isEqualTo("java.lang.IllegalStateException");
        assertThat(m.getField("error_message")).isEqualTo("payment declined");
        assertThat((String) m.getField("error_stack_trace")).contains("payment declined")
                .contains("Caused by: java.io.IOException: gateway timeout").contains("at dev.logship.graylog");
        assertThat((String) m.getField("full_message")).contains("order 42 failed").contains("gateway timeout");
        assertThat(m.getField("event_id")).isInstanceOf(String.class);
        assertThat(byShort(messages, "second").getField("level")).isEqualTo(4); // syslog warning
    }

    @ParameterizedTest(name = "{0} bulk={1} {2}")
    @MethodSource("transports")
    void hostileInputIsDecodedNeverRejected(String transport, boolean bulk, String compression) {
        start(transport, bulk, compression, PipelineConfig.builder());
        String[] hostile = {"", "   \t ", "control \u0000 \u0001 \u001f nul", "lone \ud800 surrogate"};
        for (String text : hostile) {
            pipeline.offer(SimpleLogEvent.builder().logger("hostile").thread("t").message(text).build());
        }
        pipeline.offer(SimpleLogEvent.builder().logger("hostile").thread("t").message(null).build());
        pipeline.offer(SimpleLogEvent.builder().logger("hostile").thread("t").message("names")
                .keyValue("id", "would be Graylog's _id").keyValue("_id", "x").keyValue("bad key!", 1)
                .keyValue("ünï", 2).keyValue("", 3).keyValue("ok.key-1", 4).mdc("", "empty key").build());
        pipeline.offer(SimpleLogEvent.builder().logger("hostile").thread("t").message("m".repeat(1_000_000)).build());
        pipeline.offer(SimpleLogEvent.builder().logger("hostile").thread("t").message("h".repeat(5_000_000)).build());

        List<Message> messages = awaitMessages(8);
        assertThat(input.rejections()).as("nothing logship sends is refused by Graylog's decoder").isEmpty();
        assertThat(messages).hasSize(8);
        assertThat(messages).filteredOn(m -> "(empty message)".equals(m.getMessage())).hasSize(3);
        assertThat(byShort(messages, "control ").getMessage()).isEqualTo("control \u0000 \u0001 \u001f nul");
        Message names = byShort(messages, "names");
        assertThat(names.getField("ok.key-1")).isNotNull();
        assertThat(names.getFieldNames()).allSatisfy(name -> assertThat(name).matches("[A-Za-z0-9.@_-]+"));
        assertThat(names.getField("id")).as("nothing ends up as Graylog's message id").isNull();
        assertThat(names.getField("id_")).as("a field named id is renamed, its value kept")
                .isEqualTo("would be Graylog's _id");
        Message big = byShort(messages, "mmmm");
        Message huge = byShort(messages, "hhhh");
        if (!transport.startsWith("tcp")) { // HTTP and UDP have limits: those events are truncated and marked
            assertThat(big.getField("logship_truncated")).isEqualTo("true");
            assertThat(huge.getField("logship_truncated")).isEqualTo("true");
        } else {
            assertThat(big.getMessage()).hasSize(1_000_000);
        }
    }

    @ParameterizedTest(name = "{0} bulk={1} {2}")
    @MethodSource("transports")
    void oneHundredThousandEventsFromFourThreadsArriveExactlyOnce(String transport, boolean bulk, String compression)
            throws Exception {
        start(transport, bulk, compression, PipelineConfig.builder()
                .overflowPolicy(dev.logship.core.buffer.OverflowPolicy.BLOCK).maxBlock(Duration.ofSeconds(30))
                .batchMaxEvents(transport.equals("udp") ? 200 : PipelineConfig.DEFAULT_BATCH_MAX_EVENTS));
        input.keepShortMessagesOnly();
        long udpErrorsBefore = udpReceiveErrors();
        int threads = 4;
        int perThread = 25_000;
        List<Thread> loggers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    pipeline.offer(SimpleLogEvent.builder().logger("volume").thread("w" + worker)
                            .message("w" + worker + "-" + i).build());
                    if (transport.equals("udp") && i % 10 == 9) {
                        sleepQuietly(); // UDP has no flow control: a steady rate (< 40k/s here), as any sane one would be
                    }
                }
            });
            loggers.add(thread);
            thread.start();
        }
        for (Thread thread : loggers) {
            thread.join();
        }
        assertThat(pipeline.flush(Duration.ofSeconds(120))).isTrue();
        int total = threads * perThread;
        if (transport.equals("udp")) {
            awaitSettled(total); // datagrams the kernel dropped never come: wait until arrivals stop
        } else {
            await().atMost(Duration.ofSeconds(60)).until(() -> input.shortMessageCount() >= total);
        }
        List<String> messages = input.shortMessages();
        Set<String> distinct = new HashSet<>(messages);
        assertThat(distinct).as("no duplicates").hasSize(messages.size());
        if (transport.equals("udp") && messages.size() < total) {
            long kernelDrops = udpReceiveErrors() - udpErrorsBefore;
            System.out.printf("UDP: %d of %d messages arrived; the kernel counted %d receive-buffer drops%n",
                    messages.size(), total, kernelDrops);
            assertThat(kernelDrops).as("every missing UDP message is a drop the kernel counted")
                    .isGreaterThanOrEqualTo(total - messages.size());
        } else {
            assertThat(messages).hasSize(total);
        }
        assertThat(input.rejections()).isEmpty();
        assertThat(pipeline.metrics().delivered()).isEqualTo(total);
    }

    @Test
    void theAuthorizationHeaderReachesGraylogsHttpInput() {
        input = GraylogInput.http(Map.of("authorization_header_name", "X-Graylog-Token",
                "authorization_header_value", "s3cret"));
        String url = "http://127.0.0.1:" + input.port() + "/gelf";
        ConfigProblems problems = new ConfigProblems();
        start(GraylogConfig.of(url, null, null, "X-Graylog-Token", "s3cret", null, null, problems), problems, "gzip",
                PipelineConfig.builder());
        pipeline.offer(SimpleLogEvent.builder().logger("auth").thread("t").message("with the header").build());
        assertThat(awaitMessages(1).get(0).getMessage()).isEqualTo("with the header");
        pipeline.stop();

        // the input really checks it: without the header it answers 401 and decodes nothing
        problems = new ConfigProblems();
        start(GraylogConfig.of(url, null, null, null, null, null, null, problems), problems, "gzip",
                PipelineConfig.builder().maxRetries(0));
        pipeline.offer(SimpleLogEvent.builder().logger("auth").thread("t").message("without it").build());
        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.metrics().droppedTotal() == 1);
        assertThat(pipeline.metrics().dropped(DropReason.DELIVERY_FAILED)).isEqualTo(1);
        assertThat(input.messages()).hasSize(1);
    }

    /**
     * Random printable text (compressible only to about 82%: 93 symbols in 8 bits) at a non-default chunk size:
     * a 60 KB message in dozens of chunks, and an event with a 5 MB message and 88 fields of 2,000 characters
     * truncated to what 128 chunks carry (message to a quarter of that, each field to 1,024 characters), both
     * reassembled by Graylog's real UDP transport and GelfChunkAggregator and decoded whole.
     */
    @ParameterizedTest(name = "udp {0}")
    @ValueSource(strings = {"gzip", "zlib", "none"})
    void incompressibleMessagesInManyUdpChunksAreReassembledWholeByGraylog(String compression) {
        int chunkSize = 1000;
        input = GraylogInput.udp();
        ConfigProblems problems = new ConfigProblems();
        start(GraylogConfig.of("udp://127.0.0.1:" + input.port(), null, null, null, null, chunkSize, compression,
                problems), problems, compression, PipelineConfig.builder());
        String sixty = randomText(60_000, 1);
        String huge = randomText(5_000_000, 2);
        pipeline.offer(SimpleLogEvent.builder().logger("udp").thread("t").message(sixty).build());
        SimpleLogEvent.Builder big = SimpleLogEvent.builder().logger("udp").thread("t").message(huge);
        for (int i = 0; i < 64; i++) {
            big.mdc("m" + i, randomText(2_000, 100 + i));
        }
        for (int i = 0; i < 24; i++) {
            big.keyValue("k" + i, randomText(2_000, 200 + i));
        }
        pipeline.offer(big.build());

        List<Message> messages = awaitMessages(2);
        assertThat(input.rejections()).isEmpty();
        Message whole = byShort(messages, sixty.substring(0, 40));
        assertThat(whole.getMessage()).isEqualTo(sixty);
        assertThat(whole.getField("logship_truncated")).isNull();
        Message cut = byShort(messages, huge.substring(0, 40));
        assertThat(huge).startsWith(cut.getMessage());
        assertThat(cut.getMessage().length()).isGreaterThan(30_000);
        assertThat(cut.getField("logship_truncated")).isEqualTo("true");
        assertThat(cut.getField("m63")).isEqualTo(randomText(2_000, 163).substring(0, 1024));
        assertThat(cut.getField("k23")).isEqualTo(randomText(2_000, 223).substring(0, 1024));
        int payload = chunkSize - GraylogConfig.CHUNK_HEADER;
        List<Integer> chunks = input.rawMessages().stream().map(r -> (r.getPayload().length + payload - 1) / payload)
                .sorted().toList();
        System.out.printf("UDP %s, chunkSize %d: chunks per message %s%n", compression, chunkSize, chunks);
        assertThat(chunks.get(0)).as("the 60 KB message").isGreaterThan(compression.equals("none") ? 60 : 45);
        assertThat(chunks.get(1)).as("the truncated message, close to the limit")
                .isBetween(compression.equals("none") ? 120 : 100, GraylogConfig.MAX_CHUNKS);
    }

    /** Printable ASCII but for the two characters JSON escapes, drawn at random. */
    private static String randomText(int length, long seed) {
        java.util.Random random = new java.util.Random(seed);
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            char c = (char) (' ' + random.nextInt(95));
            if (c != '"' && c != '\\') {
                text.append(c);
            }
        }
        return text.toString();
    }

    /** Waits until {@code total} arrived, or arrivals stop for 3 s (at most 60 s). */
    private void awaitSettled(int total) {
        int[] last = {-1};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(3)).until(() -> {
            int now = input.shortMessageCount();
            boolean stopped = now == last[0];
            last[0] = now;
            return now >= total || stopped;
        });
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The kernel's count of UDP datagrams dropped for want of receive-buffer space ({@code /proc/net/snmp}). */
    private static long udpReceiveErrors() throws IOException {
        Path snmp = Path.of("/proc/net/snmp");
        if (!Files.isReadable(snmp)) {
            return 0;
        }
        List<String> udp = Files.readAllLines(snmp).stream().filter(l -> l.startsWith("Udp:")).toList();
        if (udp.size() < 2) {
            return 0;
        }
        List<String> names = List.of(udp.get(0).split("\\s+"));
        String[] values = udp.get(1).split("\\s+");
        int at = names.indexOf("RcvbufErrors");
        return at < 0 ? 0 : Long.parseLong(values[at]);
    }
}
