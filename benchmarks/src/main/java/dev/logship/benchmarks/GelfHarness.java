package dev.logship.benchmarks;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.sun.net.httpserver.HttpServer;
import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.logback.GraylogSettings;
import dev.logship.logback.LogshipAppender;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * GELF throughput per transport, in one JVM and one run, with the Elasticsearch path as the baseline:
 * the {@link Workload} logs through Logback + logship ({@code BLOCK}, so nothing may drop) to a lean local
 * receiver of each kind, timed from the first call to the last message counted. HTTP one message per
 * request, HTTP bulk (64 KB requests), TCP, UDP (gzip), and Elasticsearch {@code _bulk} into
 * {@link CountingBulkReceiver}. The receivers count messages only (UDP: whole messages, chunked or not);
 * Graylog's own decoding is not part of this — it runs in the graylog-conformance tests.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.logship.benchmarks.GelfHarness [--events 300000]
 *     [--http-single-events 100000] [--csv benchmarks/results/gelf.csv]</pre>
 */
public final class GelfHarness {
    private GelfHarness() {
    }

    public static void main(String[] args) throws Exception {
        long events = longOption(args, "--events", 300_000);
        long singleEvents = longOption(args, "--http-single-events", 100_000);
        String csv = option(args, "--csv");
        List<String> rows = new ArrayList<>();
        // warm-up: the same code paths once, not recorded
        run("warm-up", 50_000, receiver -> { }, new HttpReceiver(), "http", true);
        Result es = elasticsearch(events);
        rows.add(es.csv());
        System.out.println(es.human(es));
        Result[] results = {
            run("gelf http single", singleEvents, g -> { }, new HttpReceiver(), "http", false),
            run("gelf http bulk", events, g -> { }, new HttpReceiver(), "http", true),
            run("gelf tcp", events, g -> { }, new TcpReceiver(), "tcp", false),
            run("gelf udp gzip", events, g -> { }, new UdpReceiver(), "udp", false),
        };
        for (Result r : results) {
            System.out.println(r.human(es));
            rows.add(r.csv());
        }
        String header = "date,target,events,seconds,events_per_s,received,dropped";
        System.out.println(header);
        rows.forEach(System.out::println);
        if (csv != null) {
            Path file = Path.of(csv);
            if (!Files.exists(file)) {
                Files.writeString(file, header + "\n");
            }
            Files.write(file, rows, StandardOpenOption.APPEND);
        }
    }

    record Result(String target, long events, double seconds, long received, long dropped) {
        double rate() {
            return received / seconds;
        }

        String human(Result baseline) {
            return String.format(Locale.ROOT, "%-18s %,9d events in %6.2f s: %,9.0f events/s (%.2fx Elasticsearch), "
                    + "received %,d, dropped %,d", target, events, seconds, rate(), rate() / baseline.rate(), received,
                    dropped);
        }

        String csv() {
            return String.format(Locale.ROOT, "%s,%s,%d,%.3f,%.0f,%d,%d", java.time.Instant.now(), target, events,
                    seconds, rate(), received, dropped);
        }
    }

    /** A local endpoint that counts what it receives. */
    interface Receiver extends AutoCloseable {
        String url();

        long received();

        @Override
        void close();
    }

    private static Result elasticsearch(long events) throws Exception {
        try (CountingBulkReceiver receiver = new CountingBulkReceiver()) {
            LoggerContext context = LogbackSetup.newContext("gelf-bench-es");
            LogshipAppender appender = LogbackSetup.logship(a -> {
                a.setElasticsearch(LogbackSetup.elasticsearch(receiver.url()));
                a.setOverflowPolicy("BLOCK");
                a.setMaxBlock("60s");
            });
            Logger logger = LogbackSetup.attach(context, appender);
            try {
                long start = System.nanoTime();
                Workload.run(logger, 1, events);
                await(receiver::records, events);
                double seconds = (receiver.lastAckNanos() - start) / 1e9;
                return new Result("elasticsearch", events, seconds, receiver.records(),
                        appender.metrics().droppedTotal());
            } finally {
                context.stop();
            }
        }
    }

    private static Result run(String target, long events, Consumer<GraylogSettings> settings, Receiver receiver,
                              String scheme, boolean bulk) throws Exception {
        try (receiver) {
            LoggerContext context = LogbackSetup.newContext("gelf-bench");
            LogshipAppender appender = LogbackSetup.logship(a -> {
                GraylogSettings graylog = new GraylogSettings();
                graylog.setUrl(receiver.url());
                graylog.setBulk(Boolean.toString(bulk));
                settings.accept(graylog);
                a.setGraylog(graylog);
                a.setOverflowPolicy("BLOCK");
                a.setMaxBlock("60s");
                a.setMaxInFlight(scheme.equals("http") && !bulk ? "4" : "2");
            });
            Logger logger = LogbackSetup.attach(context, appender);
            try {
                long start = System.nanoTime();
                Workload.run(logger, 1, events);
                long end = scheme.equals("udp") ? awaitSettled(receiver::received, events)
                        : await(receiver::received, events);
                MetricsSnapshot m = appender.metrics();
                return new Result(target, events, (end - start) / 1e9, receiver.received(), m.droppedTotal());
            } finally {
                context.stop();
            }
        }
    }

    /** Waits until {@code expected} arrived; returns when the last one did. */
    private static long await(java.util.function.LongSupplier count, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (count.getAsLong() < expected && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        return System.nanoTime();
    }

    /** UDP: waits until all arrived or arrivals stop for a second; returns when the last one came. */
    private static long awaitSettled(java.util.function.LongSupplier count, long expected) throws InterruptedException {
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long now = count.getAsLong();
            if (now >= expected) {
                return System.nanoTime();
            }
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(1)) {
                return lastChange;
            }
            Thread.sleep(1);
        }
    }

    // ------------------------------------------------------------------ receivers

    /** GELF HTTP: counts newline-separated messages per request (gunzipped), answers 202. */
    static final class HttpReceiver implements Receiver {
        private final HttpServer server;
        private final ExecutorService workers = Executors.newFixedThreadPool(2);
        private final AtomicLong messages = new AtomicLong();

        HttpReceiver() throws IOException {
            System.setProperty("sun.net.httpserver.nodelay", "true");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            server.createContext("/gelf", exchange -> {
                InputStream in = exchange.getRequestBody();
                if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    in = new GZIPInputStream(in, 16 * 1024);
                }
                byte[] buffer = new byte[16 * 1024];
                long count = 0;
                int lastByte = '\n';
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            count++;
                        }
                    }
                    if (n > 0) {
                        lastByte = buffer[n - 1];
                    }
                }
                messages.addAndGet(count + (lastByte != '\n' ? 1 : 0));
                exchange.sendResponseHeaders(202, -1);
                exchange.close();
            });
            server.setExecutor(workers);
            server.start();
        }

        @Override
        public String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/gelf";
        }

        @Override
        public long received() {
            return messages.get();
        }

        @Override
        public void close() {
            server.stop(0);
            workers.shutdownNow();
        }
    }

    /** GELF TCP: counts NUL-terminated frames. */
    static final class TcpReceiver implements Receiver {
        private final ServerSocket server;
        private final AtomicLong messages = new AtomicLong();

        TcpReceiver() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread reader = new Thread(() -> count(s), "gelf-tcp-receiver");
                        reader.setDaemon(true);
                        reader.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "gelf-tcp-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void count(Socket s) {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = s.getInputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    long frames = 0;
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == 0) {
                            frames++;
                        }
                    }
                    messages.addAndGet(frames);
                }
            } catch (IOException closed) {
                // done
            }
        }

        @Override
        public String url() {
            return "tcp://127.0.0.1:" + server.getLocalPort();
        }

        @Override
        public long received() {
            return messages.get();
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /** GELF UDP: counts whole messages (an unchunked datagram, or the last chunk of a chunked one). */
    static final class UdpReceiver implements Receiver {
        private final DatagramChannel channel;
        private final AtomicLong messages = new AtomicLong();
        private volatile boolean open = true;

        UdpReceiver() throws IOException {
            channel = DatagramChannel.open();
            channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 8 << 20);
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread reader = new Thread(() -> {
                ByteBuffer buffer = ByteBuffer.allocate(65_536);
                while (open) {
                    try {
                        buffer.clear();
                        channel.receive(buffer);
                        boolean chunk = buffer.position() > 12 && buffer.get(0) == 0x1e && buffer.get(1) == 0x0f;
                        if (!chunk || (buffer.get(10) & 0xff) == (buffer.get(11) & 0xff) - 1) {
                            messages.incrementAndGet();
                        }
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "gelf-udp-receiver");
            reader.setDaemon(true);
            reader.start();
        }

        @Override
        public String url() {
            try {
                return "udp://127.0.0.1:" + ((InetSocketAddress) channel.getLocalAddress()).getPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public long received() {
            return messages.get();
        }

        @Override
        public void close() {
            open = false;
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private static String option(String[] args, String name) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static long longOption(String[] args, String name, long fallback) {
        String value = option(args, name);
        return value == null ? fallback : Long.parseLong(value);
    }
}
