package dev.logship.logback;

/**
 * The {@code <graylog>} element: ship GELF 1.1 to a Graylog GELF input. The URL's scheme picks the
 * transport.
 *
 * <pre>{@code
 * <graylog>
 *   <url>http://graylog:12201/gelf</url>   <!-- https://…/gelf, tcp://host:12201, tcp+tls://host:12201, udp://host:12201 -->
 *   <bulk>false</bulk>                    <!-- HTTP: true when the input has "bulk receiving" on -->
 *   <maxRequestBytes>64KB</maxRequestBytes> <!-- HTTP: the input's limit, before compression -->
 *   <headerName>X-Api-Key</headerName><headerValue>${GRAYLOG_KEY}</headerValue>
 *   <chunkSize>1420</chunkSize>           <!-- UDP: bytes per datagram -->
 *   <udpCompression>gzip</udpCompression> <!-- UDP: gzip | zlib | none -->
 * </graylog>
 * }</pre>
 */
public class GraylogSettings extends TlsElement {
    private String url;
    private String bulk;
    private String maxRequestBytes;
    private String headerName;
    private String headerValue;
    private String chunkSize;
    private String udpCompression;

    /** One or more GELF input URLs of one transport, comma separated. */
    public void setUrl(String url) { this.url = url; }
    /** HTTP: send newline-separated messages per request (the input's "bulk receiving" must be on). */
    public void setBulk(String bulk) { this.bulk = bulk; }
    /** HTTP: most bytes per request before compression (default 64KB, Graylog's input default). */
    public void setMaxRequestBytes(String maxRequestBytes) { this.maxRequestBytes = maxRequestBytes; }
    /** HTTP: an extra header sent with every request, e.g. for a proxy's authentication. */
    public void setHeaderName(String headerName) { this.headerName = headerName; }
    /** The header's value; never printed. */
    public void setHeaderValue(String headerValue) { this.headerValue = headerValue; }
    /** UDP: most bytes per datagram, chunk header included (default 1420). */
    public void setChunkSize(String chunkSize) { this.chunkSize = chunkSize; }
    /** UDP: gzip (default), zlib or none. */
    public void setUdpCompression(String udpCompression) { this.udpCompression = udpCompression; }

    String url() { return url; }
    String bulk() { return bulk; }
    String maxRequestBytes() { return maxRequestBytes; }
    String headerName() { return headerName; }
    String headerValue() { return headerValue; }
    String chunkSize() { return chunkSize; }
    String udpCompression() { return udpCompression; }
}
