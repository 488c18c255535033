package dev.logship.core.sink;

import dev.logship.core.config.ConfigProblems;
import dev.logship.core.deliver.TlsSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where and how GELF goes to Graylog: the {@code <graylog>} settings, checked. The URL's scheme picks
 * the transport: {@code http(s)://host:port/gelf}, {@code tcp://host:port}, {@code tcp+tls://host:port}
 * or {@code udp://host:port}; several URLs (comma separated, one scheme) are used round-robin with
 * failover. Secrets never appear in {@link #toString()}.
 *
 * @param urls            the endpoints, all of one transport
 * @param transport       HTTP, TCP or UDP
 * @param tlsOn           https or tcp+tls
 * @param bulk            HTTP: NDJSON bulk requests (the input's "bulk receiving" option) instead of one message per request
 * @param maxRequestBytes HTTP: most bytes per request, measured before compression (Graylog's input limit)
 * @param headerName      HTTP: an extra header sent with every request (authentication by a proxy, say), or null
 * @param headerValue     its value
 * @param chunkSize       UDP: most bytes per datagram, GELF chunk header included
 * @param udpCompression  UDP: how each message is compressed
 * @param tls             trust and client certificates for https / tcp+tls
 */
public record GraylogConfig(List<URI> urls, Transport transport, boolean tlsOn, boolean bulk, int maxRequestBytes,
                            String headerName, String headerValue, int chunkSize, UdpCompression udpCompression,
                            TlsSettings tls) {
    public static final int DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;
    public static final int DEFAULT_CHUNK_SIZE = 1420;
    /** GELF over UDP allows at most this many chunks per message. */
    public static final int MAX_CHUNKS = 128;
    public static final int CHUNK_HEADER = 12;

    /** How GELF travels. */
    public enum Transport { HTTP, TCP, UDP }

    /** What GELF over UDP compresses each message with. */
    public enum UdpCompression { GZIP, ZLIB, NONE }

    public GraylogConfig {
        urls = List.copyOf(urls);
    }

    /** The same, with TLS settings (checked into {@code problems}). */
    public GraylogConfig withTls(TlsSettings settings, ConfigProblems problems) {
        settings.sslContext("graylog", problems);
        return new GraylogConfig(urls, transport, tlsOn, bulk, maxRequestBytes, headerName, headerValue, chunkSize,
                udpCompression, settings);
    }

    /**
     * Parses and checks the settings as the user wrote them, recording every problem under its public name
     * ({@code graylog.url}, ...); null values mean "default".
     */
    public static GraylogConfig of(String url, Boolean bulk, Integer maxRequestBytes, String headerName,
                                   String headerValue, Integer chunkSize, String udpCompression,
                                   ConfigProblems problems) {
        List<URI> urls = new ArrayList<>();
        String scheme = null;
        if (url == null || url.isBlank()) {
            problems.add("graylog.url", "is missing; set it to the GELF input, e.g. http://graylog:12201/gelf, "
                    + "tcp://graylog:12201 or udp://graylog:12201");
        } else {
            for (String part : url.split(",")) {
                URI uri = parse(part.trim(), problems);
                if (uri == null) {
                    continue;
                }
                if (scheme != null && !scheme.equals(uri.getScheme())) {
                    problems.add("graylog.url", "mixes " + scheme + " and " + uri.getScheme()
                            + " URLs; use one transport for every URL");
                }
                scheme = scheme == null ? uri.getScheme() : scheme;
                urls.add(uri);
            }
        }
        Transport transport = scheme == null ? Transport.HTTP
                : scheme.startsWith("http") ? Transport.HTTP : scheme.startsWith("tcp") ? Transport.TCP : Transport.UDP;
        boolean tlsOn = "https".equals(scheme) || "tcp+tls".equals(scheme);
        int requestBytes = maxRequestBytes == null ? DEFAULT_MAX_REQUEST_BYTES : maxRequestBytes;
        problems.check(requestBytes < 4096 || requestBytes > (64 << 20), "graylog.maxRequestBytes", requestBytes
                + " must be between 4KB and 64MB; match the GELF HTTP input's limit (Graylog's default is 64KB)");
        int chunk = chunkSize == null ? DEFAULT_CHUNK_SIZE : chunkSize;
        problems.check(chunk < 256 || chunk > 65_467, "graylog.chunkSize", chunk
                + " must be between 256 and 65467 bytes; " + DEFAULT_CHUNK_SIZE + " fits an Ethernet MTU");
        UdpCompression compression = UdpCompression.GZIP;
        if (udpCompression != null && !udpCompression.isBlank()) {
            try {
                compression = UdpCompression.valueOf(udpCompression.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("graylog.udpCompression", "'" + udpCompression + "' is not one of gzip, zlib, none");
            }
        }
        boolean hasName = headerName != null && !headerName.isBlank();
        boolean hasValue = headerValue != null && !headerValue.isBlank();
        problems.check(hasName != hasValue, "graylog.headerName",
                "and graylog.headerValue go together; set both or neither");
        problems.check(hasName && !headerName.trim().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+"), "graylog.headerName",
                "'" + headerName + "' is not an HTTP header name");
        problems.check(Boolean.TRUE.equals(bulk) && transport != Transport.HTTP, "graylog.bulk",
                "only applies to http(s) URLs; TCP and UDP carry one message per frame anyway");
        return new GraylogConfig(urls, transport, tlsOn, Boolean.TRUE.equals(bulk), requestBytes,
                hasName ? headerName.trim() : null, hasValue ? headerValue : null, chunk, compression, TlsSettings.DEFAULT);
    }

    private static URI parse(String text, ConfigProblems problems) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!List.of("http", "https", "tcp", "tcp+tls", "udp").contains(scheme) || uri.getHost() == null) {
                problems.add("graylog.url", "'" + text + "' is not a GELF URL; write http://graylog:12201/gelf, "
                        + "tcp://graylog:12201, tcp+tls://graylog:12201 or udp://graylog:12201");
                return null;
            }
            if (uri.getPort() < 0 && !scheme.startsWith("http")) {
                problems.add("graylog.url", "'" + text + "' needs a port, e.g. " + scheme + "://" + uri.getHost() + ":12201");
                return null;
            }
            String path = uri.getPath() == null || uri.getPath().isEmpty() ? (scheme.startsWith("http") ? "/gelf" : "")
                    : uri.getPath();
            return new URI(scheme, null, uri.getHost(), uri.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            problems.add("graylog.url", "'" + text + "' is not a URL (" + e.getReason() + ")");
            return null;
        }
    }

    /**
     * The most bytes one record (one event) may take: an HTTP request's limit, or for UDP what 128 chunks carry
     * (uncompressed, so it fits whatever the compression does); unlimited for TCP.
     */
    public int maxRecordBytes() {
        switch (transport) {
            case HTTP:
                return maxRequestBytes;
            case UDP:
                // compression never grows a message by more than its framing; keep that much spare
                return MAX_CHUNKS * (chunkSize - CHUNK_HEADER) - 1024;
            default:
                return Integer.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        return "GraylogConfig[urls=" + urls + ", transport=" + transport + (tlsOn ? " over TLS" : "")
                + (transport == Transport.HTTP ? ", " + (bulk ? "bulk" : "one message per request") + ", maxRequestBytes="
                + maxRequestBytes + (headerName != null ? ", header " + headerName + "=****" : "") : "")
                + (transport == Transport.UDP ? ", chunkSize=" + chunkSize + ", " + udpCompression : "") + "]";
    }
}
