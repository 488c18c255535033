package dev.logship.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lean local {@code _bulk} endpoint for the throughput harness. It shares the machine's cores with
 * the pipeline it measures, so it does the least that keeps the sink honest: decompress the body
 * (gzip or zstd, per {@code Content-Encoding}) with reused per-thread buffers and contexts, count
 * records as newline pairs (action line + document line), and answer with one
 * {@code {"create":{"status":201}}} item per record, which the sink requires to count them as
 * delivered. Documents are not parsed or stored.
 */
final class CountingBulkReceiver implements AutoCloseable {
    private static final byte[] HEAD = "{\"took\":0,\"errors\":false,\"items\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ITEM = "{\"create\":{\"status\":201}},".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = "]}".getBytes(StandardCharsets.US_ASCII);
    private static final int ITEMS_PER_WRITE = 1024;
    private static final byte[] ITEMS = repeat(ITEM, ITEMS_PER_WRITE);
    static final String THREAD_PREFIX = "bulk-receiver-";
    private static final int WORKERS = 2;

    private final HttpServer server;
    private final ExecutorService workers;
    private final ThreadLocal<BulkBodyDecoder> decoders = ThreadLocal.withInitial(BulkBodyDecoder::new);
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong lastAckNanos = new AtomicLong();
    private final AtomicLong retainedBytes = new AtomicLong();

    CountingBulkReceiver() throws IOException {
        this(0);
    }

    /** A receiver on {@code port} of the loopback interface (0: any free one). */
    CountingBulkReceiver(int port) throws IOException {
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(WORKERS, r -> {
            Thread t = new Thread(r, THREAD_PREFIX + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm holds
        // the body until the client's delayed ACK (tens of ms per request). Real Elasticsearch and
        // OpenSearch (Netty) set TCP_NODELAY; so does this stand-in. Read once, when the class loads.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Forgets the counts so far (after the warm-up). */
    void reset() {
        records.set(0);
        requests.set(0);
        bytes.set(0);
        errors.set(0);
        lastAckNanos.set(0);
    }

    /** Records acknowledged with 201. */
    long records() {
        return records.get();
    }

    long requests() {
        return requests.get();
    }

    /** Request body bytes received, as sent (compressed). */
    long bytes() {
        return bytes.get();
    }

    /** Requests answered with 400 (a body that could not be decoded or held a half record). */
    long errors() {
        return errors.get();
    }

    /** {@link System#nanoTime()} when the last acknowledgement was written, or 0 before any. */
    long lastAckNanos() {
        return lastAckNanos.get();
    }

    /** Heap the receiver's reusable buffers hold now, to tell them apart from the pipeline's. */
    long retainedBytes() {
        return retainedBytes.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if ("GET".equals(exchange.getRequestMethod())) { // logship asks what the server is, once, on start
                byte[] root = "{\"version\":{\"number\":\"8.19.0\"},\"tagline\":\"counting receiver\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, root.length);
                exchange.getResponseBody().write(root);
                return;
            }
            BulkBodyDecoder decoder = decoders.get();
            long newlines;
            try {
                int length = decoder.read(exchange.getRequestBody());
                bytes.addAndGet(length);
                newlines = decoder.countNewlines(length, exchange.getRequestHeaders().getFirst("Content-Encoding"));
            } catch (IOException | RuntimeException e) {
                fail(exchange, e.toString());
                return;
            } finally {
                retainedBytes.addAndGet(decoder.takeGrowth());
            }
            if (newlines % 2 != 0) {
                fail(exchange, "odd number of lines: " + newlines);
                return;
            }
            int items = (int) (newlines / 2);
            // counted before the answer leaves: once logship has it, a flush may return and reset() the counts,
            // and a count added after that would land in the next phase (warm-up records counted as measured)
            requests.incrementAndGet();
            records.addAndGet(items);
            acknowledge(exchange, items);
            lastAckNanos.accumulateAndGet(System.nanoTime(), Math::max);
        }
    }

    /** Writes {@code {"took":0,"errors":false,"items":[...]}} with {@code items} 201 items, allocation-free. */
    private static void acknowledge(HttpExchange exchange, int items) throws IOException {
        long length = HEAD.length + TAIL.length + (items == 0 ? 0 : (long) items * ITEM.length - 1);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(HEAD);
            for (int left = items; left > 0; left -= ITEMS_PER_WRITE) {
                int n = Math.min(left, ITEMS_PER_WRITE);
                out.write(ITEMS, 0, n * ITEM.length - (n == left ? 1 : 0)); // no comma after the last item
            }
            out.write(TAIL);
        }
    }

    private void fail(HttpExchange exchange, String reason) throws IOException {
        errors.incrementAndGet();
        byte[] body = ("{\"error\":{\"type\":\"bench_receiver\",\"reason\":\"" + reason.replace('"', '\'') + "\"},"
                + "\"status\":400}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(400, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] repeat(byte[] unit, int times) {
        byte[] all = new byte[unit.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(unit, 0, all, i * unit.length, unit.length);
        }
        return all;
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
