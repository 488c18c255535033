package dev.logship.core.sink;

import dev.logship.core.compress.Compression;
import dev.logship.core.deliver.DeliveryResult;
import dev.logship.core.encode.EncoderSettings;
import dev.logship.core.encode.EventEncoder;
import dev.logship.core.encode.GelfEncoder;
import dev.logship.core.internal.LogshipThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * GELF over TCP ({@code tcp://}) or TLS ({@code tcp+tls://}) to Graylog's GELF TCP input: NUL-framed
 * messages, uncompressed (the input takes no compression), a whole batch per write on one kept-open
 * connection. Connect, TLS handshake and write are each bounded by a timeout (a handshake the server
 * never completes, or a write the server never reads, cannot hang a sender); a failed write closes the
 * connection and the batch is sent again, whole, on the next one (to the next host when there are
 * several), with the deliverer's backoff and jitter.
 *
 * <p>TCP gives no application-level acknowledgement: a write succeeds once the bytes are in this
 * machine's socket buffer. Messages written just before Graylog closed or lost the connection (a
 * restart, say) can be lost without any error here; use the HTTP input where every request must be
 * acknowledged. A connection idle for more than a second is probed before it is written to, which
 * catches a connection Graylog already closed.
 */
public final class GelfTcpSink implements Sink {
    private static final long PROBE_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * The socket send buffer: bytes written but not yet taken by the receiver's machine sit here, and are
     * what a connection cut mid-stream loses without an error. 256 KB keeps that small and still fills a
     * 1 Gbit/s link at 2 ms round trip.
     */
    static final int SEND_BUFFER_BYTES = 256 * 1024;

    private final GraylogConfig config;
    private final Duration connectTimeout;
    private final Duration writeTimeout;
    private final SSLSocketFactory tls;
    private final NodeRotation nodes;
    private final Object lock = new Object();
    private final Thread watchdog;
    private volatile boolean closed;
    private volatile Socket socket;
    /** The TCP socket under a TLS one: closing it fails a blocked write at once (closing the TLS socket would wait for it). */
    private volatile Socket raw;
    private volatile long writeStartedNanos;
    private OutputStream out;
    private int node = -1;
    private long lastWriteNanos;

    public GelfTcpSink(GraylogConfig config, Duration connectTimeout, Duration writeTimeout) {
        this.config = config;
        this.connectTimeout = connectTimeout;
        this.writeTimeout = writeTimeout;
        this.tls = config.tlsOn() ? sslContext(config).getSocketFactory() : null;
        this.nodes = new NodeRotation(config.urls().size());
        this.watchdog = new LogshipThreadFactory("graylog", "tcp-watchdog", true).newThread(this::watch);
        watchdog.start();
    }

    private static javax.net.ssl.SSLContext sslContext(GraylogConfig config) {
        javax.net.ssl.SSLContext context = config.tls().sslContext("graylog", new dev.logship.core.config.ConfigProblems());
        if (context != null) {
            return context;
        }
        try {
            return javax.net.ssl.SSLContext.getDefault(); // the JVM's trust store
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }

    @Override
    public EventEncoder encoder(EncoderSettings settings) {
        return new GelfRecordEncoder(new GelfEncoder(settings), GraylogSinks.separator(GraylogConfig.Transport.TCP));
    }

    @Override
    public Compression wireCompression(Compression configured) {
        return Compression.NONE;
    }

    @Override
    public DeliveryResult deliver(byte[] body, int length, String contentEncoding, int events) throws IOException {
        synchronized (lock) {
            if (closed) {
                throw new IOException("sink closed");
            }
            try {
                OutputStream stream = connection();
                writeStartedNanos = System.nanoTime();
                stream.write(body, 0, length);
                stream.flush();
                lastWriteNanos = System.nanoTime();
            } catch (IOException | RuntimeException e) {
                disconnect();
                if (node >= 0) {
                    nodes.failed(node);
                }
                throw e instanceof IOException ? (IOException) e : new IOException(e);
            } finally {
                writeStartedNanos = 0;
            }
            return DeliveryResult.done(events, Map.of());
        }
    }

    /** The open connection (probed when it has been idle), or a new one to the next host. */
    private OutputStream connection() throws IOException {
        if (socket != null && System.nanoTime() - lastWriteNanos > PROBE_AFTER_IDLE_NANOS && !alive(socket)) {
            disconnect();
        }
        if (socket == null) {
            node = nodes.pick();
            URI uri = config.urls().get(node);
            Socket plain = new Socket();
            try {
                plain.setTcpNoDelay(true);
                plain.setKeepAlive(true);
                // bounds what a cut connection can take with it unnoticed (see the class comment)
                plain.setSendBufferSize(SEND_BUFFER_BYTES);
                plain.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) connectTimeout.toMillis());
                Socket connected = plain;
                if (tls != null) {
                    SSLSocket secure = (SSLSocket) tls.createSocket(plain, uri.getHost(), uri.getPort(), true);
                    if (config.tls().verifyHostname()) {
                        SSLParameters parameters = secure.getSSLParameters();
                        parameters.setEndpointIdentificationAlgorithm("HTTPS");
                        secure.setSSLParameters(parameters);
                    }
                    secure.setSoTimeout((int) Math.max(1, connectTimeout.toMillis())); // bounds the handshake's reads
                    secure.startHandshake();
                    connected = secure;
                }
                socket = connected;
                raw = plain;
                out = connected.getOutputStream();
                lastWriteNanos = System.nanoTime();
            } catch (IOException | RuntimeException e) {
                closeQuietly(plain);
                nodes.failed(node);
                throw e instanceof IOException ? (IOException) e
                        : new IOException("cannot connect to " + uri + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Whether the peer still has the connection open: Graylog never sends, so a read sees EOF only once it closed. */
    private static boolean alive(Socket s) {
        try {
            int timeout = s.getSoTimeout();
            s.setSoTimeout(1);
            try {
                InputStream in = s.getInputStream();
                return in.read() >= 0;
            } finally {
                s.setSoTimeout(timeout);
            }
        } catch (SocketTimeoutException quiet) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Closes a connection whose write has taken longer than the write timeout: the blocked write then fails. */
    private void watch() {
        long limit = writeTimeout.toNanos();
        while (!closed) {
            try {
                Thread.sleep(Math.max(10, Math.min(250, writeTimeout.toMillis() / 4)));
            } catch (InterruptedException e) {
                return;
            }
            long started = writeStartedNanos;
            Socket current = raw;
            // re-read the start: a write that ended just now and the next one must not be cut for it
            if (started != 0 && current != null && System.nanoTime() - started > limit && writeStartedNanos == started) {
                closeQuietly(current);
            }
        }
    }

    private void disconnect() {
        Socket current = socket;
        Socket under = raw;
        socket = null;
        raw = null;
        out = null;
        if (under != null) {
            closeQuietly(under);
        }
        if (current != null) {
            closeQuietly(current);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public String describe() {
        return "graylog " + config.urls();
    }

    @Override
    public void close() {
        closed = true;
        Socket current = raw;
        if (current != null) {
            closeQuietly(current); // fails a write in progress, TLS or not
        }
        synchronized (lock) {
            disconnect();
        }
        watchdog.interrupt();
    }
}
