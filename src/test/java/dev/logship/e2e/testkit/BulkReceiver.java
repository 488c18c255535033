package dev.logship.e2e.testkit;

import com.github.luben.zstd.Zstd;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * A local {@code _bulk} endpoint for end-to-end tests: decompresses gzip/zstd bodies, stores every
 * document by {@code _id} (a second {@code create} of the same id answers 409, as Elasticsearch
 * does), and injects faults on demand: answer with a status, or stall until released.
 */
public final class BulkReceiver implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, String> documents = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Integer> faults = new ConcurrentLinkedQueue<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicInteger stalledNow = new AtomicInteger();
    private final List<String> contentEncodings = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile CountDownLatch stall;

    public BulkReceiver() throws IOException {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm holds
        // the body until the client's delayed ACK (tens of ms per request). Real Elasticsearch and
        // OpenSearch (Netty) set TCP_NODELAY; so does this stand-in. Read once, when the class loads.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Makes every request wait until {@link #release()}. */
    public void stall() {
        stall = new CountDownLatch(1);
    }

    public void release() {
        CountDownLatch latch = stall;
        stall = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    /** Requests currently held by {@link #stall()}. */
    public int stalledRequests() {
        return stalledNow.get();
    }

    /** The next requests are answered with these statuses instead of being indexed. */
    public void failNext(int... statuses) {
        for (int status : statuses) {
            faults.add(status);
        }
    }

    /** Every stored document as its JSON source, by {@code _id}. */
    public Map<String, String> documents() {
        return documents;
    }

    /** A stored document parsed into a map (parse on demand: 200,000 parsed maps would not fit a test heap). */
    public Map<String, Object> document(String id) {
        String json = documents.get(id);
        return json == null ? null : MiniJson.object(json);
    }

    public long requests() {
        return requests.get();
    }

    /** {@code create} requests for an id already stored (answered 409). */
    public long duplicates() {
        return duplicates.get();
    }

    public List<String> contentEncodings() {
        return contentEncodings;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if ("GET".equals(exchange.getRequestMethod())) { // logship asks what the server is, once, on start
                respond(exchange, 200, "{\"version\":{\"number\":\"8.19.0\"},\"tagline\":\"bulk receiver\"}");
                return;
            }
            requests.incrementAndGet();
            CountDownLatch latch = stall;
            if (latch != null) {
                stalledNow.incrementAndGet();
                try {
                    latch.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    stalledNow.decrementAndGet();
                }
            }
            byte[] raw = exchange.getRequestBody().readAllBytes();
            Integer fault = faults.poll();
            if (fault != null) {
                if (fault == 429) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                }
                respond(exchange, fault, "{\"error\":{\"type\":\"injected\"},\"status\":" + fault + "}");
                return;
            }
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            contentEncodings.add(String.valueOf(encoding));
            String body = new String(decode(raw, encoding), StandardCharsets.UTF_8);
            respond(exchange, 200, index(body));
        }
    }

    private static byte[] decode(byte[] raw, String encoding) throws IOException {
        if ("gzip".equals(encoding)) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                return in.readAllBytes();
            }
        }
        if ("zstd".equals(encoding)) {
            return Zstd.decompress(raw, (int) Zstd.getFrameContentSize(raw));
        }
        return raw;
    }

    private String index(String ndjson) {
        if (!ndjson.endsWith("\n")) {
            return "{\"error\":\"body must end with a newline\"}";
        }
        String[] lines = ndjson.split("\n");
        List<String> items = new ArrayList<>();
        boolean errors = false;
        for (int i = 0; i + 1 < lines.length; i += 2) {
            Map<String, Object> action = MiniJson.object(lines[i]);
            String op = action.keySet().iterator().next();
            @SuppressWarnings("unchecked")
            String id = (String) ((Map<String, Object>) action.get(op)).get("_id");
            String doc = lines[i + 1];
            MiniJson.object(doc); // must be valid JSON without duplicate keys
            int status = 201;
            if (documents.putIfAbsent(id, doc) != null) {
                duplicates.incrementAndGet();
                status = "create".equals(op) ? 409 : 200;
                errors |= status == 409;
            }
            items.add("{\"" + op + "\":{\"_id\":\"" + id + "\",\"status\":" + status
                    + (status == 409 ? ",\"error\":{\"type\":\"version_conflict_engine_exception\",\"reason\":\"exists\"}" : "")
                    + "}}");
        }
        return "{\"took\":1,\"errors\":" + errors + ",\"items\":[" + String.join(",", items) + "]}";
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
