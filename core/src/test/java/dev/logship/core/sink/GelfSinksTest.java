package dev.logship.core.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.logship.core.config.ConfigProblems;
import dev.logship.core.event.EventReader;
import dev.logship.core.event.LogEvent;
import dev.logship.core.event.SimpleLogEvent;
import dev.logship.core.pipeline.Pipeline;
import dev.logship.core.pipeline.PipelineConfig;
import dev.logship.core.testkit.RecordingDiagnostics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The GELF sinks' framing and transport behaviour against small local receivers (Graylog's own code
 * decodes what they send in the graylog-conformance module).
 */
class GelfSinksTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private final RecordingDiagnostics diagnostics = new RecordingDiagnostics();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private Pipeline<LogEvent> pipeline;

    @AfterEach
    void tearDown() throws Exception {
        if (pipeline != null) {
            pipeline.stop();
        }
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private Pipeline<LogEvent> start(String url, Boolean bulk, Integer maxRequestBytes, PipelineConfig.Builder extra) {
        ConfigProblems problems = new ConfigProblems();
        GraylogConfig graylog = GraylogConfig.of(url, bulk, maxRequestBytes, null, null, null, null, problems);
        problems.throwIfAny();
        pipeline = Pipeline.start(extra.name("gelf-test-" + NAMES.incrementAndGet()).graylog(graylog)
                .shutdownHook(false).diagnostics(diagnostics).hostName("test-host").serviceName("svc").build(),
                EventReader.identity());
        return pipeline;
    }

    /** The tests' settings; a test may override any of them. */
    private static PipelineConfig.Builder config() {
        return PipelineConfig.builder().lossSummary(false).batchLinger(Duration.ofMillis(20))
                .initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(200))
                .shutdownTimeout(Duration.ofSeconds(5));
    }

    private static LogEvent event(String message) {
        return SimpleLogEvent.builder().logger("test").thread("main").message(message).build();
    }

    private void offer(int from, int to) {
        for (int i = from; i < to; i++) {
            assertThat(pipeline.offer(event("m" + i))).isTrue();
        }
    }

    private static Set<String> expected(int from, int to) {
        Set<String> all = new HashSet<>();
        for (int i = from; i < to; i++) {
            all.add("m" + i);
        }
        return all;
    }

    private static String shortMessage(String json) {
        int at = json.indexOf("\"short_message\":\"") + 17;
        return json.substring(at, json.indexOf('"', at));
    }

    // ------------------------------------------------------------------ HTTP

    /** A GELF HTTP input stand-in on {@code port} (0: any): keeps every request body (gunzipped), answers 202. */
    private HttpServer httpInput(int port, List<byte[]> bodies) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        s.createContext("/gelf", exchange -> {
            InputStream in = exchange.getRequestBody();
            if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            bodies.add(in.readAllBytes());
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        s.start();
        closing.add(() -> s.stop(0));
        return s;
    }

    private String httpUrl(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/gelf";
    }

    @Test
    void httpSendsExactlyOneMessagePerRequestByDefault() throws Exception {
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        start(httpUrl(httpInput(0, bodies)), null, null, config());
        offer(0, 300);
        assertThat(pipeline.flush(Duration.ofSeconds(30))).isTrue();

        assertThat(bodies).hasSize(300);
        Set<String> messages = new HashSet<>();
        for (byte[] body : bodies) {
            String text = new String(body, StandardCharsets.UTF_8);
            assertThat(text.strip()).as("one JSON object").doesNotContain("\n").startsWith("{").endsWith("}");
            messages.add(shortMessage(text));
        }
        assertThat(messages).isEqualTo(expected(0, 300));
        assertThat(pipeline.metrics().delivered()).isEqualTo(300);
    }

    @Test
    void httpBulkNeverExceedsMaxRequestBytes() throws Exception {
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        start(httpUrl(httpInput(0, bodies)), true, 8192, config());
        offer(0, 2000);
        assertThat(pipeline.flush(Duration.ofSeconds(30))).isTrue();

        List<String> messages = new ArrayList<>();
        for (byte[] body : bodies) {
            assertThat(body.length).isLessThanOrEqualTo(8192);
            for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
                messages.add(shortMessage(line));
            }
        }
        assertThat(bodies.size()).isGreaterThan(10).isLessThan(2000);
        assertThat(messages).hasSize(2000);
        assertThat(new HashSet<>(messages)).isEqualTo(expected(0, 2000));
    }

    @Test
    void anEventLargerThanTheInputTakesIsTruncatedToFit() throws Exception {
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        start(httpUrl(httpInput(0, bodies)), false, 16 * 1024, config());
        pipeline.offer(event("x".repeat(1_000_000)));
        assertThat(pipeline.flush(Duration.ofSeconds(30))).isTrue();

        assertThat(bodies).hasSize(1);
        assertThat(bodies.get(0).length).isLessThanOrEqualTo(16 * 1024);
        assertThat(new String(bodies.get(0), StandardCharsets.UTF_8)).contains("\"_logship_truncated\":\"true\"");
    }

    // ------------------------------------------------------------------ TCP

    /**
     * A GELF TCP input stand-in: NUL-framed messages from any number of connections, with a fixed receive buffer
     * (Linux does not grow one that was set, so what it can hold is known).
     */
    private static final class TcpInput implements AutoCloseable {
        /** Asked of the kernel for every connection; Linux reserves twice this (Java reports this). */
        static final int RECEIVE_BUFFER = 64 * 1024;
        final List<String> messages = new CopyOnWriteArrayList<>();
        /** The messages of each connection, in the order the connections were accepted. */
        final List<List<String>> byConnection = new CopyOnWriteArrayList<>();
        final Set<Socket> open = ConcurrentHashMap.newKeySet();
        volatile ServerSocket server;
        /** The receive buffer of the last accepted connection, as Java reports it (the size asked). */
        volatile int receiveBuffer;
        /** When set, the first connection is reset (RST) once this many bytes of it were read. */
        volatile long resetFirstAfterBytes = -1;
        final int port;

        TcpInput(int port) throws IOException {
            for (int attempt = 0; ; attempt++) {
                server = new ServerSocket();
                server.setReuseAddress(true);
                server.setReceiveBufferSize(RECEIVE_BUFFER); // inherited by accepted connections
                try {
                    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    break;
                } catch (java.net.BindException closing) { // the previous listener's close completes asynchronously
                    server.close();
                    if (attempt > 50) {
                        throw closing;
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
            }
            this.port = server.getLocalPort();
            ServerSocket listening = server;
            Thread acceptor = new Thread(() -> {
                while (!listening.isClosed()) {
                    try {
                        Socket s = listening.accept();
                        receiveBuffer = s.getReceiveBufferSize();
                        open.add(s);
                        List<String> own = new CopyOnWriteArrayList<>();
                        boolean first = byConnection.isEmpty();
                        byConnection.add(own);
                        Thread reader = new Thread(() -> read(s, own, first ? resetFirstAfterBytes : -1));
                        reader.setDaemon(true);
                        reader.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void read(Socket s, List<String> own, long resetAfter) {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            long read = 0;
            try (InputStream in = s.getInputStream()) {
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == 0) {
                            String message = frame.toString(StandardCharsets.UTF_8);
                            messages.add(message);
                            own.add(message);
                            frame.reset();
                        } else {
                            frame.write(buffer[i]);
                        }
                    }
                    read += n;
                    if (resetAfter >= 0 && read >= resetAfter) {
                        s.setSoLinger(true, 0); // close with RST: the sender's next write fails
                        s.close();
                        return;
                    }
                }
            } catch (IOException cut) {
                // closed
            } finally {
                open.remove(s);
            }
        }

        /** Closes the listener and every connection (a Graylog restart). */
        void down() throws IOException {
            server.close();
            for (Socket s : open) {
                s.close();
            }
        }

        @Override
        public void close() throws IOException {
            down();
        }
    }

    @Test
    void tcpSendsNulFramedMessagesUncompressed() throws Exception {
        TcpInput input = new TcpInput(0);
        closing.add(input);
        start("tcp://127.0.0.1:" + input.port, null, null, config());
        pipeline.offer(event("control \u0000 and \n inside"));
        offer(0, 1000);
        await().atMost(Duration.ofSeconds(30)).until(() -> input.messages.size() == 1001);

        assertThat(input.messages).allSatisfy(m -> assertThat(m).startsWith("{\"version\":\"1.1\"").endsWith("}"));
        assertThat(input.messages.get(0)).contains("control \\u0000 and \\n inside");
        Set<String> received = new HashSet<>();
        input.messages.stream().skip(1).forEach(m -> received.add(shortMessage(m)));
        assertThat(received).isEqualTo(expected(0, 1000));
    }

    @Test
    void tcpReconnectsAfterTheReceiverRestartsAndLosesNothingLoggedAfterIt() throws Exception {
        TcpInput first = new TcpInput(0);
        int port = first.port;
        start("tcp://127.0.0.1:" + port, null, null, config());
        offer(0, 500);
        await().atMost(Duration.ofSeconds(30)).until(() -> first.messages.size() == 500);

        first.down(); // Graylog restarts: its side of the connection is gone
        TcpInput second = new TcpInput(port);
        closing.add(second);
        Thread.sleep(1200); // time must pass, not a condition: idle long enough that the connection is probed before the next write
        offer(500, 1500);
        await().atMost(Duration.ofSeconds(30)).until(() -> second.messages.size() >= 1000);

        Set<String> received = new HashSet<>();
        second.messages.forEach(m -> received.add(shortMessage(m)));
        assertThat(received).isEqualTo(expected(500, 1500));
        assertThat(pipeline.metrics().droppedAfterAccept()).isZero();
    }

    @Test
    void tcpReceiverRestartingMidStreamLosesAtMostWhatTheSocketBuffersHeldAndNeverBlocksTheApplication(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path spool) throws Exception {
        TcpInput first = new TcpInput(0);
        int port = first.port;
        // with a spill store, the outage goes to disk instead of filling the ring
        start("tcp://127.0.0.1:" + port, null, null, config().batchMaxEvents(200).spillDirectory(spool));
        int total = 30_000;
        TcpInput[] current = {first};
        Thread restarter = new Thread(() -> {
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> current[0].messages.size() > 5_000);
                current[0].down(); // mid-stream: connections cut while batches are being written
                Thread.sleep(300); // the receiver stays down this long (time passing is the point)
                current[0] = new TcpInput(port);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        restarter.start();
        for (int i = 0; i < total; i++) {
            assertThat(pipeline.offer(event("m" + i))).as("never refused: the ring never fills").isTrue();
            if (i % 100 == 99) {
                Thread.sleep(1); // a steady ~50-100k events/s
            }
        }
        restarter.join();
        assertThat(pipeline.flush(Duration.ofSeconds(60))).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.metrics().spillEvents() == 0);
        int[] last = {-1}; // then until the receiver has read all that arrived: its count stops growing
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            int now = current[0].messages.size();
            boolean stopped = now == last[0];
            last[0] = now;
            return stopped;
        });
        Set<String> received = new HashSet<>();
        first.messages.forEach(m -> received.add(shortMessage(m))); // everything the first receiver read before it went
        current[0].messages.forEach(m -> received.add(shortMessage(m)));
        long lost = total - received.size();
        // What TCP can lose without an error: what sat in this side's send buffer and the receiver's receive
        // buffer when the connection was cut, plus the frame the receiver had half read. Linux reserves twice
        // the size asked for each buffer (Java reports the size asked); the payload it holds is less, but it may
        // queue one more 64 KB segment past the send buffer's limit.
        long sendBuffer = 2L * GelfTcpSink.SEND_BUFFER_BYTES + 64 * 1024;
        long receiveBuffer = 2L * first.receiveBuffer;
        int smallest = first.messages.stream().mapToInt(m -> m.getBytes(StandardCharsets.UTF_8).length + 1).min()
                .orElseThrow();
        long bound = (sendBuffer + receiveBuffer) / smallest + 1;
        System.out.printf("TCP restart mid-stream: %d of %d lost (%d bytes); at most %d fit the buffers "
                + "(send %d + receive %d bytes, messages of %d+ bytes)%n", lost, total, lost * smallest, bound,
                sendBuffer, receiveBuffer, smallest);
        assertThat(bound).as("the bound means something").isLessThan(total / 4);
        assertThat(lost).as("lost no more than the socket buffers held").isLessThanOrEqualTo(bound);
        assertThat(received).as("everything logged after the restart arrived").containsAll(expected(total - 1000, total));
        assertThat(pipeline.metrics().droppedAfterAccept()).isZero();
        closing.add(current[0]);
    }

    @Test
    void tcpFailsOverToTheNextHostWhenOneIsDown() throws Exception {
        int dead;
        try (ServerSocket free = new ServerSocket(0)) {
            dead = free.getLocalPort();
        }
        TcpInput live = new TcpInput(0);
        closing.add(live);
        start("tcp://127.0.0.1:" + dead + ",tcp://127.0.0.1:" + live.port, null, null,
                config().batchMaxEvents(50).connectTimeout(Duration.ofMillis(500)));
        offer(0, 2000);
        await().atMost(Duration.ofSeconds(30)).until(() -> live.messages.size() >= 2000);
        Set<String> received = new HashSet<>();
        live.messages.forEach(m -> received.add(shortMessage(m)));
        assertThat(received).isEqualTo(expected(0, 2000));
        assertThat(live.messages).hasSize(2000);
    }

    /** 3,000 events of ~1 KB: one batch of ~3.3 MB, far more than both sockets' buffers hold. */
    private static final int BIG_BATCH = 3000;

    private void offerBigBatch() {
        String padding = " " + "x".repeat(1000);
        for (int i = 0; i < BIG_BATCH; i++) {
            assertThat(pipeline.offer(event("m" + i + padding))).as("never refused, never blocked").isTrue();
        }
    }

    private static Set<String> numbers(List<String> messages) {
        Set<String> all = new HashSet<>();
        messages.forEach(m -> all.add(shortMessage(m).split(" ")[0]));
        return all;
    }

    @Test
    void aTcpBatchWhoseWriteFailsMidwayIsSentWholeOnTheNextConnection() throws Exception {
        TcpInput input = new TcpInput(0);
        input.resetFirstAfterBytes = 100_000; // Graylog goes away while the batch is being written
        closing.add(input);
        start("tcp://127.0.0.1:" + input.port, null, null,
                config().batchMaxEvents(BIG_BATCH).batchLinger(Duration.ofSeconds(10)));
        offerBigBatch();

        await().atMost(Duration.ofSeconds(30)).until(() -> input.byConnection.size() == 2
                && input.byConnection.get(1).size() >= BIG_BATCH);
        List<String> cut = input.byConnection.get(0);
        List<String> again = input.byConnection.get(1);
        System.out.printf("TCP write cut mid-batch: %d of %d messages arrived on the cut connection, all %d again "
                + "on the next%n", cut.size(), BIG_BATCH, again.size());
        assertThat(cut).as("the cut came mid-batch").isNotEmpty().hasSizeLessThan(BIG_BATCH);
        assertThat(again).hasSize(BIG_BATCH);
        assertThat(numbers(again)).as("the whole batch, resent").isEqualTo(expected(0, BIG_BATCH));
        assertThat(numbers(again)).as("what arrived before the cut arrives twice: GELF has no ids")
                .containsAll(numbers(cut));
        assertThat(pipeline.metrics().retried()).isPositive();
        assertThat(pipeline.metrics().delivered()).isEqualTo(BIG_BATCH);
        assertThat(pipeline.metrics().droppedAfterAccept()).isZero();
    }

    @Test
    void aTcpReceiverThatNeverReadsIsCutAfterTheWriteTimeoutAndTheBatchGoesToTheNextHost() throws Exception {
        ServerSocket stalled = new ServerSocket();
        stalled.setReceiveBufferSize(16 * 1024);
        stalled.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        closing.add(stalled);
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            while (!stalled.isClosed()) {
                try {
                    accepted.add(stalled.accept()); // and never read
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        TcpInput live = new TcpInput(0);
        closing.add(live);
        Duration writeTimeout = Duration.ofSeconds(1);
        start("tcp://127.0.0.1:" + stalled.getLocalPort() + ",tcp://127.0.0.1:" + live.port, null, null,
                config().requestTimeout(writeTimeout).batchMaxEvents(BIG_BATCH).batchLinger(Duration.ofSeconds(10)));
        long started = System.nanoTime();
        offerBigBatch(); // the first connection goes to the first host, which stops reading once its buffer is full

        await().atMost(Duration.ofSeconds(30)).until(() -> live.messages.size() >= BIG_BATCH);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("TCP write timeout %s: the batch reached the next host after %d ms%n", writeTimeout,
                took.toMillis());
        assertThat(took).as("the stalled write was given its timeout").isGreaterThanOrEqualTo(writeTimeout);
        assertThat(accepted).isNotEmpty();
        assertThat(numbers(live.messages)).isEqualTo(expected(0, BIG_BATCH));
        assertThat(live.messages).hasSize(BIG_BATCH);
        assertThat(pipeline.metrics().retried()).isPositive();
        assertThat(pipeline.metrics().droppedAfterAccept()).isZero();
        for (Socket s : accepted) { // logship closed the stalled connection: reading it now comes to its end
            s.setSoTimeout(10_000);
            assertThat(drainToEnd(s)).as("the stalled connection was closed by the sender").isTrue();
            s.close();
        }
    }

    /** Reads until the peer's close (EOF or reset); false if the connection is still open after the timeout. */
    private static boolean drainToEnd(Socket s) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = s.getInputStream();
            while (in.read(buffer) >= 0) {
                // discard what was sent before the cut
            }
            return true;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void theGelfHttpSinkClosesIdleConnectionsBeforeGraylogDoes() throws Exception {
        assertThat(GelfHttpSink.IDLE_EVICTION).as("shorter than the GELF HTTP input's idle timeout (60 s)")
                .isLessThan(Duration.ofSeconds(60));
        AtomicInteger connections = new AtomicInteger();
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closing.add(server);
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    Thread t = new Thread(() -> serveKeepAlive(s));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        ConfigProblems problems = new ConfigProblems();
        GraylogConfig graylog = GraylogConfig.of("http://127.0.0.1:" + server.getLocalPort() + "/gelf", null, null,
                null, null, null, null, problems);
        problems.throwIfAny();
        GelfHttpSink sink = GelfHttpSink.open(graylog, Duration.ofSeconds(2), Duration.ofSeconds(5), 2,
                Duration.ofMillis(100));
        closing.add(sink);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        sink.deliver(body, body.length, null, 1);
        sink.deliver(body, body.length, null, 1);
        assertThat(connections.get()).as("kept alive").isEqualTo(1);

        Thread.sleep(1200); // time must pass: the connection has to be idle past the eviction age
        sink.deliver(body, body.length, null, 1);
        assertThat(connections.get()).as("the idle connection was closed; a new one was opened").isEqualTo(2);
    }

    /** Answers every request on a kept-alive connection with 202 and no body. */
    private static void serveKeepAlive(Socket s) {
        try (s; InputStream in = s.getInputStream(); java.io.OutputStream out = s.getOutputStream()) {
            while (true) {
                StringBuilder head = new StringBuilder();
                int b;
                while ((b = in.read()) >= 0) {
                    head.append((char) b);
                    if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                        break;
                    }
                }
                if (b < 0) {
                    return;
                }
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                        .matcher(head);
                if (length.find()) {
                    in.readNBytes(Integer.parseInt(length.group(1)));
                }
                out.write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException closed) {
            // the client went away
        }
    }

    @Test
    void aTlsEndpointThatNeverCompletesTheHandshakeDoesNotHangThePipeline() throws Exception {
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()); // accepts, never answers
        closing.add(silent);
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    accepted.add(silent.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        start("tcp+tls://127.0.0.1:" + silent.getLocalPort(), null, null,
                config().connectTimeout(Duration.ofMillis(300)).maxRetries(100).shutdownTimeout(Duration.ofSeconds(1)));
        offer(0, 10);

        // each attempt gives up on the handshake after connectTimeout and tries again
        await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= 3);
        assertThat(diagnostics.warnings).anyMatch(w -> w.contains("failing"));
        long before = System.nanoTime();
        pipeline.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
        pipeline = null;
        for (Socket s : accepted) {
            s.close();
        }
    }

    // ------------------------------------------------------------------ spill

    @Test
    void anHttpOutageIsSpilledAndReplayedOnceTheInputIsBack(@org.junit.jupiter.api.io.TempDir java.nio.file.Path spool)
            throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        start("http://127.0.0.1:" + port + "/gelf", true, null, config().spillDirectory(spool).maxRetries(1)
                .connectTimeout(Duration.ofMillis(500)));
        offer(0, 3000);
        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.metrics().spilled() == 3000);

        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        httpInput(port, bodies);
        await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.metrics().replayed() == 3000);

        List<String> messages = new ArrayList<>();
        for (byte[] body : bodies) {
            for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
                messages.add(shortMessage(line));
            }
        }
        assertThat(messages).hasSize(3000);
        assertThat(new HashSet<>(messages)).isEqualTo(expected(0, 3000));
        assertThat(pipeline.metrics().droppedAfterAccept()).isZero();
    }

    @Test
    void anHttpOutageInSingleModeIsReplayedOneMessagePerRequest(@org.junit.jupiter.api.io.TempDir java.nio.file.Path spool)
            throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        start("http://127.0.0.1:" + port + "/gelf", null, null, config().spillDirectory(spool).maxRetries(1)
                .connectTimeout(Duration.ofMillis(500)));
        offer(0, 1000);
        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.metrics().spilled() == 1000);

        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        httpInput(port, bodies);
        await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.metrics().replayed() == 1000);

        assertThat(bodies.size()).as("one request per replayed message").isEqualTo(1000);
        Set<String> messages = new HashSet<>();
        for (byte[] body : bodies) {
            String text = new String(body, StandardCharsets.UTF_8);
            assertThat(text.strip()).as("one JSON object").doesNotContain("\n").startsWith("{").endsWith("}");
            messages.add(shortMessage(text));
        }
        assertThat(messages).isEqualTo(expected(0, 1000));
        assertThat(pipeline.metrics().droppedAfterAccept()).isZero();
    }

    @Test
    void aTcpOutageIsSpilledAndReplayedOnceTheInputIsBack(@org.junit.jupiter.api.io.TempDir java.nio.file.Path spool)
            throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        start("tcp://127.0.0.1:" + port, null, null, config().spillDirectory(spool).maxRetries(1)
                .connectTimeout(Duration.ofMillis(500)));
        offer(0, 3000);
        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.metrics().spilled() == 3000);

        TcpInput input = new TcpInput(port);
        closing.add(input);
        await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.metrics().replayed() == 3000);
        await().atMost(Duration.ofSeconds(10)).until(() -> input.messages.size() >= 3000);
        Set<String> received = new HashSet<>();
        input.messages.forEach(m -> received.add(shortMessage(m)));
        assertThat(input.messages).hasSize(3000);
        assertThat(received).isEqualTo(expected(0, 3000));
    }

    // ------------------------------------------------------------------ UDP

    @Test
    void udpChunksLargeMessagesWithTheGelfHeaderAndNeverMoreThan128() throws Exception {
        DatagramSocket input = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        input.setReceiveBufferSize(4 << 20);
        input.setSoTimeout(10_000);
        closing.add(input::close);
        start("udp://127.0.0.1:" + input.getLocalPort(), null, null, config());
        java.util.Random random = new java.util.Random(7);
        StringBuilder noise = new StringBuilder();
        while (noise.length() < 60_000) {
            noise.append(Long.toString(random.nextLong(), 36));
        }
        pipeline.offer(event("small"));
        pipeline.offer(event(noise.toString()));
        pipeline.offer(event("x".repeat(5_000_000)));

        Map<Long, byte[][]> chunks = new java.util.HashMap<>();
        List<String> whole = new ArrayList<>();
        byte[] buffer = new byte[65_536];
        while (whole.size() < 3) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            input.receive(packet);
            assertThat(packet.getLength()).isLessThanOrEqualTo(GraylogConfig.DEFAULT_CHUNK_SIZE);
            ByteBuffer b = ByteBuffer.wrap(packet.getData(), 0, packet.getLength());
            if (b.get(0) == 0x1e && b.get(1) == 0x0f) {
                long id = b.getLong(2);
                int seq = b.get(10) & 0xff;
                int count = b.get(11) & 0xff;
                assertThat(count).isBetween(2, GraylogConfig.MAX_CHUNKS);
                byte[][] parts = chunks.computeIfAbsent(id, k -> new byte[count][]);
                parts[seq] = java.util.Arrays.copyOfRange(packet.getData(), 12, packet.getLength());
                if (java.util.Arrays.stream(parts).allMatch(java.util.Objects::nonNull)) {
                    ByteArrayOutputStream joined = new ByteArrayOutputStream();
                    for (byte[] part : parts) {
                        joined.write(part);
                    }
                    whole.add(gunzip(joined.toByteArray()));
                }
            } else {
                whole.add(gunzip(java.util.Arrays.copyOf(packet.getData(), packet.getLength())));
            }
        }
        assertThat(whole).anySatisfy(m -> assertThat(shortMessage(m)).isEqualTo("small"));
        assertThat(whole).anySatisfy(m -> assertThat(m).contains(noise.toString()));
        assertThat(whole).anySatisfy(m -> assertThat(m).contains("\"_logship_truncated\":\"true\""));
    }

    /**
     * The pipeline truncates every event to {@link GraylogConfig#maxRecordBytes()}, 1 KB under what 128 chunks
     * carry, and neither gzip nor zlib grows a record by that much; a larger record reaches the sink only from
     * elsewhere (written under other settings). It is then rejected with a reason, never sent in pieces.
     */
    @Test
    void aUdpRecordThatWouldNeedMoreThan128ChunksIsRejectedNeverSentBroken() throws Exception {
        DatagramSocket input = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        input.setSoTimeout(10_000);
        closing.add(input::close);
        ConfigProblems problems = new ConfigProblems();
        GraylogConfig graylog = GraylogConfig.of("udp://127.0.0.1:" + input.getLocalPort(), null, null, null, null,
                256, "none", problems);
        problems.throwIfAny();
        GelfUdpSink sink = new GelfUdpSink(graylog);
        closing.add(sink);
        String tooBig = "{\"short_message\":\"" + "x".repeat(GraylogConfig.MAX_CHUNKS * (256 - 12)) + "\"}";
        byte[] body = (tooBig + "\n{\"short_message\":\"small\"}\n").getBytes(StandardCharsets.UTF_8);

        dev.logship.core.deliver.DeliveryResult result = sink.deliver(body, body.length, null, 2);

        assertThat(result.delivered()).isEqualTo(1);
        assertThat(result.rejected()).containsExactly(Map.entry("message_too_large_for_udp", 1));
        byte[] buffer = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        input.receive(packet);
        assertThat(new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8))
                .as("only the message that fits was sent: no chunk of the other").isEqualTo("{\"short_message\":\"small\"}");
    }

    private static String gunzip(byte[] data) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(data))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
