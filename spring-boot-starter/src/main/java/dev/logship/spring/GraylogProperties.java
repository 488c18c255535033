package dev.logship.spring;

import java.util.Map;
import org.springframework.util.unit.DataSize;

/** {@code logship.graylog.*}: ship GELF to Graylog. */
public class GraylogProperties extends TlsProperties {
    /** GELF input URL: http(s)://host:12201/gelf, tcp://host:12201, tcp+tls://host:12201 or udp://host:12201; comma-separated for failover. */
    private String url;
    /** HTTP: send many messages per request (newline-separated); turn on only when the Graylog input has bulk receiving on. */
    private boolean bulk = false;
    /** HTTP: the most bytes of one request before compression (one message in single mode); larger events are truncated to fit. Match the input's limit. */
    private DataSize maxRequestBytes = DataSize.ofKilobytes(64);
    /** HTTP: name of a header sent with every request (an authentication header of a proxy, say). */
    private String headerName;
    /** HTTP: value of that header. */
    private String headerValue;
    /** UDP: the most bytes per datagram, GELF chunk header included. */
    private int chunkSize = 1420;
    /** UDP: how each message is compressed: gzip, zlib or none. */
    private String udpCompression = "gzip";

    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public boolean isBulk() { return bulk; }
    public void setBulk(boolean bulk) { this.bulk = bulk; }
    public DataSize getMaxRequestBytes() { return maxRequestBytes; }
    public void setMaxRequestBytes(DataSize maxRequestBytes) { this.maxRequestBytes = maxRequestBytes; }
    public String getHeaderName() { return headerName; }
    public void setHeaderName(String headerName) { this.headerName = headerName; }
    public String getHeaderValue() { return headerValue; }
    public void setHeaderValue(String headerValue) { this.headerValue = headerValue; }
    public int getChunkSize() { return chunkSize; }
    public void setChunkSize(int chunkSize) { this.chunkSize = chunkSize; }
    public String getUdpCompression() { return udpCompression; }
    public void setUdpCompression(String udpCompression) { this.udpCompression = udpCompression; }

    void putOptions(Map<String, String> o) {
        o.put("graylog.url", url == null ? "" : url);
        o.put("graylog.bulk", String.valueOf(bulk));
        o.put("graylog.maxRequestBytes", LogshipOptions.size(maxRequestBytes));
        o.put("graylog.headerName", headerName);
        o.put("graylog.headerValue", headerValue);
        o.put("graylog.chunkSize", String.valueOf(chunkSize));
        o.put("graylog.udpCompression", udpCompression);
        putTls(o, "graylog");
    }
}
