package dev.logship.core.sink;

import dev.logship.core.deliver.DeliveryResult;
import dev.logship.core.deliver.HttpReply;
import dev.logship.core.deliver.HttpSender;
import dev.logship.core.encode.EncoderSettings;
import dev.logship.core.encode.EventEncoder;
import dev.logship.core.encode.GelfEncoder;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.hc.core5.http.ContentType;

/**
 * GELF over HTTP to Graylog's GELF HTTP input ({@code POST /gelf}, answered 202 Accepted): one message
 * per request — what the input takes by default; it silently drops every message after the first in a
 * request — or, with {@code bulk}, newline-separated messages (the input's "bulk receiving" option),
 * never more than {@code maxRequestBytes} per request before compression. Pooled keep-alive connections,
 * evicted when idle for 30 s (before the input closes them at 60 s); several requests in flight (one per
 * sender). A 202 means Graylog took the request, not that it could decode it: Graylog answers 202 before
 * decoding.
 */
public final class GelfHttpSink implements Sink {
    /** Idle pooled connections are closed after this, before Graylog's HTTP input closes them (60 s). */
    static final Duration IDLE_EVICTION = Duration.ofSeconds(30);

    private final GraylogConfig config;
    private final HttpSender sender;
    private final NodeRotation nodes;

    public GelfHttpSink(GraylogConfig config, HttpSender sender) {
        this.config = config;
        this.sender = sender;
        this.nodes = new NodeRotation(config.urls().size());
    }

    /** A sink on its own pooled HTTP client for {@code config}'s URLs, header and TLS settings. */
    public static GelfHttpSink open(GraylogConfig config, Duration connectTimeout, Duration requestTimeout,
                                    int maxConnections) {
        return open(config, connectTimeout, requestTimeout, maxConnections, IDLE_EVICTION);
    }

    /** The same, closing pooled connections idle for {@code idleEviction} (a test shortens it). */
    static GelfHttpSink open(GraylogConfig config, Duration connectTimeout, Duration requestTimeout,
                             int maxConnections, Duration idleEviction) {
        Map<String, String> headers = config.headerName() == null ? Map.of()
                : Map.of(config.headerName(), config.headerValue());
        javax.net.ssl.SSLContext ssl = config.tls().sslContext("graylog", new dev.logship.core.config.ConfigProblems());
        HttpSender sender = new HttpSender(connectTimeout, requestTimeout, maxConnections, headers, ssl,
                config.tls().verifyHostname());
        sender.evictIdleAfter(idleEviction);
        return new GelfHttpSink(config, sender);
    }

    @Override
    public EventEncoder encoder(EncoderSettings settings) {
        return new GelfRecordEncoder(new GelfEncoder(settings), GraylogSinks.separator(GraylogConfig.Transport.HTTP));
    }

    /** Graylog's HTTP input takes gzip (and uncompressed) bodies only: anything else is sent as gzip. */
    @Override
    public dev.logship.core.compress.Compression wireCompression(dev.logship.core.compress.Compression configured) {
        return configured == dev.logship.core.compress.Compression.NONE ? configured
                : dev.logship.core.compress.Compression.GZIP;
    }

    @Override
    public int maxEventsPerRequest() {
        return config.bulk() ? Integer.MAX_VALUE : 1;
    }

    @Override
    public int maxRequestBytes() {
        return config.maxRequestBytes();
    }

    @Override
    public DeliveryResult deliver(byte[] body, int length, String contentEncoding, int events) throws IOException {
        int node = nodes.pick();
        URI uri = config.urls().get(node);
        HttpReply reply;
        try {
            reply = sender.post(uri, body, length, ContentType.APPLICATION_JSON, contentEncoding);
        } catch (IOException e) {
            nodes.failed(node);
            throw e;
        }
        if (reply.isSuccess()) {
            return DeliveryResult.done(events, Map.of());
        }
        if (reply.status() == 413) {
            return DeliveryResult.tooLarge("HTTP 413 from " + uri.getHost() + ": a request of " + events
                    + " messages is too large; it is split (lower graylog.maxRequestBytes to the input's limit)");
        }
        if (reply.isRetryable()) {
            nodes.failed(node);
            return DeliveryResult.retry(0, Map.of(), reply.retryAfter(), "HTTP " + reply.status() + " from "
                    + uri.getHost() + ": " + reply.bodyPreview());
        }
        return DeliveryResult.failed("HTTP " + reply.status() + " from " + uri + " (not retried): " + reply.bodyPreview());
    }

    @Override
    public String describe() {
        return "graylog " + config.urls() + (config.bulk() ? " (bulk)" : "");
    }

    @Override
    public void close() {
        sender.close();
    }
}
