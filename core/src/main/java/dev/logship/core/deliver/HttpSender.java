package dev.logship.core.deliver;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Transport only: POSTs bodies with Apache HttpClient 5 over pooled keep-alive connections.
 * Timeouts on connect and response; no automatic retries or redirects (the deliverer decides);
 * TLS uses the JVM's trust store (or a given SSL context) with hostname verification on unless told
 * otherwise. Thread-safe.
 */
public final class HttpSender implements Closeable {
    /** Longest response body read; a bulk response beyond it is cut (and then fails to parse). */
    public static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private final CloseableHttpClient client;
    private final PoolingHttpClientConnectionManager connections;
    private final Map<String, String> headers;
    private volatile TimeValue idleEviction;
    private final java.util.concurrent.atomic.AtomicLong lastEvictionNanos = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param maxConnections pooled connections per endpoint (at least the batches in flight)
     * @param headers        sent with every request (authentication, say)
     */
    public HttpSender(Duration connectTimeout, Duration requestTimeout, int maxConnections, Map<String, String> headers) {
        this(connectTimeout, requestTimeout, maxConnections, headers, null, true);
    }

    /**
     * @param sslContext     for https: null for the JVM's default trust store
     * @param verifyHostname whether the server certificate must name the host (keep true outside tests)
     */
    public HttpSender(Duration connectTimeout, Duration requestTimeout, int maxConnections, Map<String, String> headers,
                      SSLContext sslContext, boolean verifyHostname) {
        this.headers = Map.copyOf(headers);
        ClientTlsStrategyBuilder tls = ClientTlsStrategyBuilder.create()
                .setSslContext(sslContext != null ? sslContext : SSLContexts.createSystemDefault());
        if (!verifyHostname) {
            tls.setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT).setHostnameVerifier(NoopHostnameVerifier.INSTANCE);
        }
        this.connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(tls.buildClassic())
                .setMaxConnPerRoute(maxConnections)
                .setMaxConnTotal(maxConnections * 4)
                .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(requestTimeout))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(requestTimeout))
                        .setConnectionRequestTimeout(Timeout.of(requestTimeout))
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .setUserAgent("logship")
                .build();
    }

    /**
     * Closes pooled connections idle for longer than {@code idle} (checked at most once a second, before a
     * request), so that none is reused just as the server closes it for idleness.
     */
    public void evictIdleAfter(Duration idle) {
        this.idleEviction = TimeValue.of(idle);
    }

    private void evictIdle() {
        TimeValue idle = idleEviction;
        if (idle == null) {
            return;
        }
        long now = System.nanoTime();
        long last = lastEvictionNanos.get();
        if (now - last >= 1_000_000_000L && lastEvictionNanos.compareAndSet(last, now)) {
            connections.closeIdle(idle);
        }
    }

    /** POSTs {@code body[0, length)} and reads the whole answer. */
    public HttpReply post(URI uri, byte[] body, int length, ContentType contentType, String contentEncoding)
            throws IOException {
        evictIdle();
        HttpPost post = new HttpPost(uri);
        headers.forEach(post::setHeader);
        ByteArrayEntity entity = new ByteArrayEntity(body, 0, length, contentType, contentEncoding);
        post.setEntity(entity);
        if (contentEncoding != null) {
            post.setHeader(HttpHeaders.CONTENT_ENCODING, contentEncoding);
        }
        return client.execute(post, HttpSender::read);
    }

    /** PUTs a JSON body and reads the whole answer. */
    public HttpReply put(URI uri, String json) throws IOException {
        org.apache.hc.client5.http.classic.methods.HttpPut put = new org.apache.hc.client5.http.classic.methods.HttpPut(uri);
        headers.forEach(put::setHeader);
        put.setEntity(new org.apache.hc.core5.http.io.entity.StringEntity(json, ContentType.APPLICATION_JSON));
        return client.execute(put, HttpSender::read);
    }

    /** GETs {@code uri} and reads the whole answer. */
    public HttpReply get(URI uri) throws IOException {
        org.apache.hc.client5.http.classic.methods.HttpGet get = new org.apache.hc.client5.http.classic.methods.HttpGet(uri);
        headers.forEach(get::setHeader);
        return client.execute(get, HttpSender::read);
    }

    private static HttpReply read(ClassicHttpResponse response) throws IOException {
        HttpEntity entity = response.getEntity();
        byte[] body = new byte[0];
        if (entity != null) {
            try (InputStream in = entity.getContent()) {
                body = in.readNBytes(MAX_RESPONSE_BYTES);
            }
        }
        return new HttpReply(response.getCode(), retryAfter(response.getFirstHeader("Retry-After")), body);
    }

    /** Reads {@code Retry-After} as seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(Header header) {
        if (header == null) {
            return null;
        }
        String value = header.getValue().trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
        connections.close(CloseMode.IMMEDIATE);
    }
}
