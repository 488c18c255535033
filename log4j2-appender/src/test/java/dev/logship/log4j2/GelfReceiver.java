package dev.logship.log4j2;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * A real GELF HTTP input on loopback (the JDK's HTTP server) that keeps each message (and its {@code short_message}).
 * {@link #stall()} makes it a sink that is up but never answers: requests are held until {@link #close()},
 * then refused, and what they carried is never counted.
 */
final class GelfReceiver implements AutoCloseable {
    final List<String> received = new CopyOnWriteArrayList<>();
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final boolean keepLines;
    private final HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean stalled;

    GelfReceiver() throws IOException {
        this(false);
    }

    /** {@code keepLines}: keep whole messages in {@link #lines} too (for a few; a flood would fill the heap). */
    GelfReceiver(boolean keepLines) throws IOException {
        this.keepLines = keepLines;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/gelf", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/gelf";
    }

    void stall() {
        stalled = true;
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (stalled) {
            try {
                release.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        InputStream in = exchange.getRequestBody();
        if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (keepLines) {
                lines.add(line);
            }
            int at = line.indexOf("\"short_message\":\"") + 17;
            received.add(line.substring(at, line.indexOf('"', at)));
        }
        exchange.sendResponseHeaders(202, -1);
        exchange.close();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
