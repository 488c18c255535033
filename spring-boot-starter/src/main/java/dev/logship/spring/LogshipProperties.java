package dev.logship.spring;

import dev.logship.core.buffer.OverflowPolicy;
import dev.logship.core.compress.Compression;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * {@code logship.*}: the options of the Logback and Log4j2 appenders under the same names (in Spring's
 * kebab case: {@code logship.batch.max-events}) and with the same defaults, plus what only the starter
 * has ({@code enabled}, {@code environment}, {@code appender-name}, {@code health}).
 */
@ConfigurationProperties(prefix = "logship")
public class LogshipProperties {
    /** Whether logs are shipped; defaults to true when logship.elasticsearch.url or logship.graylog.url is set. */
    private Boolean enabled;
    /** Name of the appender the starter attaches to the root logger. */
    private String appenderName = "LOGSHIP";
    /** service.name of every event; defaults to spring.application.name. */
    private String serviceName;
    /** The environment field of every event (labels.environment); defaults to the active profiles, comma-separated. */
    private String environment;
    /** host.name of every event; defaults to the machine's host name. */
    private String hostName;
    /** Static fields on every event, as labels.<name> (a dotted name is used as it is), e.g. logship.fields.team=payments. */
    private Map<String, String> fields = new LinkedHashMap<>();
    /** Prefix of MDC keys in the shipped event. */
    private String mdcPrefix = "labels.";
    /** Frames kept per throwable before '... n more' (0: all). */
    private int maxStackFrames = 0;
    /** Compression of request bodies: none, gzip, zstd or auto (zstd when the server says it is OpenSearch, gzip otherwise: Elasticsearch does not accept zstd bodies); zstd falls back to gzip with one warning where its native library cannot load. */
    private Compression compression = Compression.GZIP;
    /** Slots of the ring buffer between the logging threads and logship's (a power of two). */
    private int ringBufferSize = 16384;
    /** When the ring buffer is full: DROP the event (counted) or BLOCK the logging thread for at most max-block. */
    private OverflowPolicy overflowPolicy = OverflowPolicy.DROP;
    /** With overflow-policy BLOCK: the longest a logging call waits for a free slot before the event is dropped. */
    private Duration maxBlock = Duration.ofMillis(100);
    /** The most bytes of one encoded event; a larger one is truncated and marked logship.truncated. */
    private DataSize maxEventBytes = DataSize.ofMegabytes(1);
    /** Batches being delivered at the same time. */
    private int maxInFlight = 2;
    /** How long connecting to the sink may take. */
    private Duration connectTimeout = Duration.ofSeconds(5);
    /** How long one request to the sink may take. */
    private Duration requestTimeout = Duration.ofSeconds(30);
    /** Retries of a batch on connection errors, 429 and 5xx (never other 4xx) before its events are spilled or dropped. */
    private int maxRetries = 10;
    /** Wait before the first retry; doubled per retry, with jitter; a Retry-After header is honoured. */
    private Duration initialBackoff = Duration.ofMillis(200);
    /** The longest wait between retries. */
    private Duration maxBackoff = Duration.ofSeconds(30);
    /** On shutdown, how long logship delivers what is queued; the rest is spilled (with a spill directory) or counted as lost. */
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    /** Whether logship flushes on JVM exit by itself, besides the flush when the application context closes. */
    private boolean flushOnExit = true;
    /** File for events the sink rejects for good (a mapping conflict, say): one JSON line each with the time, the sink's reason and the record as sent, readable by the process's user only; defaults to dead-letter.ndjson in the spill directory, else rejected events are only counted. */
    private String deadLetterFile;
    /** The most bytes of the dead-letter file; further rejected events are only counted. */
    private DataSize deadLetterMaxSize = DataSize.ofMegabytes(100);
    /** Whether, once delivery works after events were lost, one WARN event (logger dev.logship) in the sink says how many, why and when; at most one per 30 s. */
    private boolean lossSummary = true;
    @NestedConfigurationProperty
    private ElasticsearchProperties elasticsearch = new ElasticsearchProperties();
    @NestedConfigurationProperty
    private GraylogProperties graylog = new GraylogProperties();
    @NestedConfigurationProperty
    private BatchProperties batch = new BatchProperties();
    @NestedConfigurationProperty
    private SpillProperties spill = new SpillProperties();
    @NestedConfigurationProperty
    private HealthProperties health = new HealthProperties();

    public Boolean getEnabled() { return enabled; }
    public void setEnabled(Boolean enabled) { this.enabled = enabled; }
    public String getAppenderName() { return appenderName; }
    public void setAppenderName(String appenderName) { this.appenderName = appenderName; }
    public String getServiceName() { return serviceName; }
    public void setServiceName(String serviceName) { this.serviceName = serviceName; }
    public String getEnvironment() { return environment; }
    public void setEnvironment(String environment) { this.environment = environment; }
    public String getHostName() { return hostName; }
    public void setHostName(String hostName) { this.hostName = hostName; }
    public Map<String, String> getFields() { return fields; }
    public void setFields(Map<String, String> fields) { this.fields = fields; }
    public String getMdcPrefix() { return mdcPrefix; }
    public void setMdcPrefix(String mdcPrefix) { this.mdcPrefix = mdcPrefix; }
    public int getMaxStackFrames() { return maxStackFrames; }
    public void setMaxStackFrames(int maxStackFrames) { this.maxStackFrames = maxStackFrames; }
    public Compression getCompression() { return compression; }
    public void setCompression(Compression compression) { this.compression = compression; }
    public int getRingBufferSize() { return ringBufferSize; }
    public void setRingBufferSize(int ringBufferSize) { this.ringBufferSize = ringBufferSize; }
    public OverflowPolicy getOverflowPolicy() { return overflowPolicy; }
    public void setOverflowPolicy(OverflowPolicy overflowPolicy) { this.overflowPolicy = overflowPolicy; }
    public Duration getMaxBlock() { return maxBlock; }
    public void setMaxBlock(Duration maxBlock) { this.maxBlock = maxBlock; }
    public DataSize getMaxEventBytes() { return maxEventBytes; }
    public void setMaxEventBytes(DataSize maxEventBytes) { this.maxEventBytes = maxEventBytes; }
    public int getMaxInFlight() { return maxInFlight; }
    public void setMaxInFlight(int maxInFlight) { this.maxInFlight = maxInFlight; }
    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
    public Duration getRequestTimeout() { return requestTimeout; }
    public void setRequestTimeout(Duration requestTimeout) { this.requestTimeout = requestTimeout; }
    public int getMaxRetries() { return maxRetries; }
    public void setMaxRetries(int maxRetries) { this.maxRetries = maxRetries; }
    public Duration getInitialBackoff() { return initialBackoff; }
    public void setInitialBackoff(Duration initialBackoff) { this.initialBackoff = initialBackoff; }
    public Duration getMaxBackoff() { return maxBackoff; }
    public void setMaxBackoff(Duration maxBackoff) { this.maxBackoff = maxBackoff; }
    public Duration getShutdownTimeout() { return shutdownTimeout; }
    public void setShutdownTimeout(Duration shutdownTimeout) { this.shutdownTimeout = shutdownTimeout; }
    public boolean isFlushOnExit() { return flushOnExit; }
    public void setFlushOnExit(boolean flushOnExit) { this.flushOnExit = flushOnExit; }
    public String getDeadLetterFile() { return deadLetterFile; }
    public void setDeadLetterFile(String deadLetterFile) { this.deadLetterFile = deadLetterFile; }
    public DataSize getDeadLetterMaxSize() { return deadLetterMaxSize; }
    public void setDeadLetterMaxSize(DataSize deadLetterMaxSize) { this.deadLetterMaxSize = deadLetterMaxSize; }
    public boolean isLossSummary() { return lossSummary; }
    public void setLossSummary(boolean lossSummary) { this.lossSummary = lossSummary; }
    public ElasticsearchProperties getElasticsearch() { return elasticsearch; }
    public void setElasticsearch(ElasticsearchProperties elasticsearch) { this.elasticsearch = elasticsearch; }
    public GraylogProperties getGraylog() { return graylog; }
    public void setGraylog(GraylogProperties graylog) { this.graylog = graylog; }
    public BatchProperties getBatch() { return batch; }
    public void setBatch(BatchProperties batch) { this.batch = batch; }
    public SpillProperties getSpill() { return spill; }
    public void setSpill(SpillProperties spill) { this.spill = spill; }
    public HealthProperties getHealth() { return health; }
    public void setHealth(HealthProperties health) { this.health = health; }

    /** Whether a sink URL is set. */
    boolean hasSink() {
        return has(elasticsearch.getUrl()) || has(graylog.getUrl());
    }

    /** {@code enabled}, or when unset whether a sink URL is set. */
    boolean isActive() {
        return enabled != null ? enabled : hasSink();
    }

    static boolean has(String text) {
        return text != null && !text.isBlank();
    }
}
