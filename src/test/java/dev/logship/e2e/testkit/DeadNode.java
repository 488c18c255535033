package dev.logship.e2e.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cluster node that is broken: it accepts a connection, reads the request line, and hangs up without an
 * answer. It counts the {@code _bulk} requests it was sent, so that a test can see a client try it and
 * then leave it alone.
 */
public final class DeadNode implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger bulks = new AtomicInteger();
    private final Thread acceptor;

    public DeadNode() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "dead-node");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** {@code _bulk} requests sent here so far. */
    public int bulkRequests() {
        return bulks.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                if (requestLine(connection.getInputStream()).contains("/_bulk")) {
                    bulks.incrementAndGet();
                }
            } catch (IOException closed) {
                // closed by the test, or the client gave up first
            }
        }
    }

    private static String requestLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1 && b != '\n' && line.length() < 8192; b = in.read()) {
            line.append((char) b);
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
