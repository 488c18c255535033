package dev.logship.core.pipeline;

import dev.logship.core.buffer.OverflowPolicy;
import dev.logship.core.compress.Compression;
import dev.logship.core.config.ConfigProblems;
import dev.logship.core.config.Durations;
import dev.logship.core.config.InvalidConfigException;
import dev.logship.core.config.Sizes;
import dev.logship.core.deliver.RetryPolicy;
import dev.logship.core.diag.Diagnostics;
import dev.logship.core.encode.EncodeLimits;
import dev.logship.core.encode.EncoderSettings;
import dev.logship.core.sink.ElasticsearchConfig;
import dev.logship.core.sink.GraylogConfig;
import dev.logship.core.sink.Sink;
import dev.logship.core.spill.FsyncPolicy;
import dev.logship.core.spill.SpillDropPolicy;
import dev.logship.core.spill.SpillMode;
import dev.logship.core.spill.SpillSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a pipeline needs, immutable. Framework glue (Logback setters, Log4j2 builder, Spring
 * properties) only fills a {@link Builder}; {@link Builder#build()} reports every problem at once,
 * each naming the public setting and the fix.
 */
public final class PipelineConfig {
    public static final int DEFAULT_RING_BUFFER_SIZE = 16384;
    public static final OverflowPolicy DEFAULT_OVERFLOW_POLICY = OverflowPolicy.DROP;
    public static final Duration DEFAULT_MAX_BLOCK = Duration.ofMillis(100);
    public static final int DEFAULT_BATCH_MAX_EVENTS = 5000;
    public static final long DEFAULT_BATCH_MAX_BYTES = 5L << 20;
    public static final Duration DEFAULT_BATCH_LINGER = Duration.ofSeconds(1);
    public static final long DEFAULT_MAX_EVENT_BYTES = 1L << 20;
    public static final Compression DEFAULT_COMPRESSION = Compression.GZIP;
    public static final int DEFAULT_MAX_IN_FLIGHT = 2;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    public static final long DEFAULT_DEAD_LETTER_MAX_SIZE = 100L << 20;
    /** The dead-letter file's name beside the spill segments when {@code deadLetterFile} is not set. */
    public static final String DEAD_LETTER_FILE_NAME = "dead-letter.ndjson";

    private final String name;
    private final EncoderSettings encoder;
    private final int ringBufferSize;
    private final OverflowPolicy overflowPolicy;
    private final Duration maxBlock;
    private final int batchMaxEvents;
    private final int batchMaxBytes;
    private final Duration batchLinger;
    private final int maxEventBytes;
    private final Compression compression;
    private final int maxInFlight;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final RetryPolicy retry;
    private final Duration shutdownTimeout;
    private final boolean shutdownHook;
    private final java.nio.file.Path deadLetterFile;
    private final long deadLetterMaxSize;
    private final ElasticsearchConfig elasticsearch;
    private final GraylogConfig graylog;
    private final Sink sink;
    private final Diagnostics diagnostics;
    private final SpillSettings spill;
    private final boolean lossSummary;

    private PipelineConfig(Builder b, EncoderSettings encoder) {
        this.name = b.name;
        this.encoder = encoder;
        this.ringBufferSize = b.ringBufferSize;
        this.overflowPolicy = b.overflowPolicy;
        this.maxBlock = b.maxBlock;
        this.batchMaxEvents = b.batchMaxEvents;
        this.batchMaxBytes = (int) b.batchMaxBytes;
        this.batchLinger = b.batchLinger;
        this.maxEventBytes = (int) b.maxEventBytes;
        this.compression = b.compression;
        this.maxInFlight = b.maxInFlight;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.retry = new RetryPolicy(b.maxRetries, b.initialBackoff, b.maxBackoff);
        this.shutdownTimeout = b.shutdownTimeout;
        this.shutdownHook = b.shutdownHook;
        this.spill = b.spillDirectory == null ? null : new SpillSettings(b.spillDirectory, b.spillMaxSize,
                b.spillDropPolicy, b.spillFsync, b.spillFsyncInterval, b.spillMode, b.spillReplayRate);
        this.deadLetterFile = b.deadLetterFile != null ? b.deadLetterFile
                : b.spillDirectory != null ? b.spillDirectory.resolve(DEAD_LETTER_FILE_NAME) : null;
        this.lossSummary = b.lossSummary;
        this.deadLetterMaxSize = b.deadLetterMaxSize;
        this.elasticsearch = b.elasticsearch;
        this.graylog = b.graylog;
        this.sink = b.sink;
        this.diagnostics = b.diagnostics;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String name() { return name; }
    public EncoderSettings encoder() { return encoder; }
    public int ringBufferSize() { return ringBufferSize; }
    public OverflowPolicy overflowPolicy() { return overflowPolicy; }
    public Duration maxBlock() { return maxBlock; }
    public int batchMaxEvents() { return batchMaxEvents; }
    public int batchMaxBytes() { return batchMaxBytes; }
    public Duration batchLinger() { return batchLinger; }
    public int maxEventBytes() { return maxEventBytes; }
    public Compression compression() { return compression; }
    public int maxInFlight() { return maxInFlight; }
    public Duration connectTimeout() { return connectTimeout; }
    public Duration requestTimeout() { return requestTimeout; }
    public RetryPolicy retry() { return retry; }
    public Duration shutdownTimeout() { return shutdownTimeout; }
    public boolean shutdownHook() { return shutdownHook; }
    /**
     * Whether a summary event about lost events (WARN, logger {@code dev.logship}) is shipped once delivery
     * works after losses (default true).
     */
    public boolean lossSummary() { return lossSummary; }
    /** The spill store's settings, or null when there is none ({@code spill.directory} unset). */
    public SpillSettings spill() { return spill; }
    /**
     * Where events the sink rejects for good are kept (JSON lines): {@code deadLetterFile}, else
     * {@value #DEAD_LETTER_FILE_NAME} in the spill directory; null (only counted) when neither is set.
     */
    public java.nio.file.Path deadLetterFile() { return deadLetterFile; }
    public long deadLetterMaxSize() { return deadLetterMaxSize; }
    /** Null when the sink is Graylog or a custom {@link #sink()}. */
    public ElasticsearchConfig elasticsearch() { return elasticsearch; }
    /** Null unless the sink is Graylog. */
    public GraylogConfig graylog() { return graylog; }
    /** A sink given in code (tests, custom destinations); null to build one from {@link #elasticsearch()}. */
    public Sink sink() { return sink; }
    public Diagnostics diagnostics() { return diagnostics; }

    @Override
    public String toString() {
        return "PipelineConfig[name=" + name + ", sink=" + (sink != null ? sink.describe()
                : graylog != null ? graylog : elasticsearch)
                + ", ringBufferSize=" + ringBufferSize + ", overflowPolicy=" + overflowPolicy
                + ", batch=" + batchMaxEvents + "/" + Sizes.format(batchMaxBytes) + "/" + Durations.format(batchLinger)
                + ", compression=" + compression + ", maxInFlight=" + maxInFlight
                + (spill == null ? "" : ", spill=" + spill.directory() + " (" + Sizes.format(spill.maxSize()) + ", "
                        + spill.dropPolicy() + ", fsync " + spill.fsync() + ", " + spill.mode() + ")") + "]";
    }

    /** Fills a {@link PipelineConfig}; every setter has the default of its {@code DEFAULT_*} constant. */
    public static final class Builder {
        private String name = "logship";
        private String serviceName;
        private String hostName;
        private final Map<String, String> fields = new LinkedHashMap<>();
        private String mdcPrefix = EncoderSettings.DEFAULT_MDC_PREFIX;
        private int maxStackFrames;
        private int ringBufferSize = DEFAULT_RING_BUFFER_SIZE;
        private OverflowPolicy overflowPolicy = DEFAULT_OVERFLOW_POLICY;
        private Duration maxBlock = DEFAULT_MAX_BLOCK;
        private int batchMaxEvents = DEFAULT_BATCH_MAX_EVENTS;
        private long batchMaxBytes = DEFAULT_BATCH_MAX_BYTES;
        private Duration batchLinger = DEFAULT_BATCH_LINGER;
        private long maxEventBytes = DEFAULT_MAX_EVENT_BYTES;
        private Compression compression = DEFAULT_COMPRESSION;
        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int maxRetries = RetryPolicy.DEFAULT_MAX_RETRIES;
        private Duration initialBackoff = RetryPolicy.DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = RetryPolicy.DEFAULT_MAX_BACKOFF;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private boolean shutdownHook = true;
        private java.nio.file.Path deadLetterFile;
        private long deadLetterMaxSize = DEFAULT_DEAD_LETTER_MAX_SIZE;
        private ElasticsearchConfig elasticsearch;
        private GraylogConfig graylog;
        private Sink sink;
        private Diagnostics diagnostics = Diagnostics.stderr();
        private java.nio.file.Path spillDirectory;
        private long spillMaxSize = SpillSettings.DEFAULT_MAX_SIZE;
        private SpillDropPolicy spillDropPolicy = SpillSettings.DEFAULT_DROP_POLICY;
        private FsyncPolicy spillFsync = SpillSettings.DEFAULT_FSYNC;
        private Duration spillFsyncInterval = SpillSettings.DEFAULT_FSYNC_INTERVAL;
        private SpillMode spillMode = SpillSettings.DEFAULT_MODE;
        private int spillReplayRate = SpillSettings.DEFAULT_REPLAY_RATE;
        private boolean lossSummary = true;

        /** The appender's name: in thread names, the JMX bean and messages. */
        public Builder name(String value) { this.name = value; return this; }
        public Builder serviceName(String value) { this.serviceName = value; return this; }
        /** Defaults to the machine's host name. */
        public Builder hostName(String value) { this.hostName = value; return this; }
        public Builder field(String key, String value) { this.fields.put(key, value); return this; }
        public Builder mdcPrefix(String value) { this.mdcPrefix = value; return this; }
        public Builder maxStackFrames(int value) { this.maxStackFrames = value; return this; }
        public Builder ringBufferSize(int value) { this.ringBufferSize = value; return this; }
        public Builder overflowPolicy(OverflowPolicy value) { this.overflowPolicy = value; return this; }
        public Builder maxBlock(Duration value) { this.maxBlock = value; return this; }
        public Builder batchMaxEvents(int value) { this.batchMaxEvents = value; return this; }
        public Builder batchMaxBytes(long value) { this.batchMaxBytes = value; return this; }
        public Builder batchLinger(Duration value) { this.batchLinger = value; return this; }
        public Builder maxEventBytes(long value) { this.maxEventBytes = value; return this; }
        public Builder compression(Compression value) { this.compression = value; return this; }
        public Builder maxInFlight(int value) { this.maxInFlight = value; return this; }
        public Builder connectTimeout(Duration value) { this.connectTimeout = value; return this; }
        public Builder requestTimeout(Duration value) { this.requestTimeout = value; return this; }
        public Builder maxRetries(int value) { this.maxRetries = value; return this; }
        public Builder initialBackoff(Duration value) { this.initialBackoff = value; return this; }
        public Builder maxBackoff(Duration value) { this.maxBackoff = value; return this; }
        public Builder shutdownTimeout(Duration value) { this.shutdownTimeout = value; return this; }
        /** Whether the pipeline flushes on JVM exit by itself (default true). */
        public Builder shutdownHook(boolean value) { this.shutdownHook = value; return this; }
        /** Keep events the sink rejects for good in this file (JSON lines); null (default) to only count them. */
        public Builder deadLetterFile(java.nio.file.Path value) { this.deadLetterFile = value; return this; }
        public Builder deadLetterMaxSize(long value) { this.deadLetterMaxSize = value; return this; }
        /** Ship a summary event about lost events once delivery works again (default true). */
        public Builder lossSummary(boolean value) { this.lossSummary = value; return this; }
        /** The appender's own spill directory; null (default) for no spill store. */
        public Builder spillDirectory(java.nio.file.Path value) { this.spillDirectory = value; return this; }
        public Builder spillMaxSize(long value) { this.spillMaxSize = value; return this; }
        public Builder spillDropPolicy(SpillDropPolicy value) { this.spillDropPolicy = value; return this; }
        public Builder spillFsync(FsyncPolicy value) { this.spillFsync = value; return this; }
        public Builder spillFsyncInterval(Duration value) { this.spillFsyncInterval = value; return this; }
        public Builder spillMode(SpillMode value) { this.spillMode = value; return this; }
        /** Most events per second replayed beside live traffic; 0 for no limit. */
        public Builder spillReplayRate(int value) { this.spillReplayRate = value; return this; }
        public Builder elasticsearch(ElasticsearchConfig value) { this.elasticsearch = value; return this; }
        public Builder graylog(GraylogConfig value) { this.graylog = value; return this; }
        /** Seam: a sink built in code instead of from {@link #elasticsearch}. */
        public Builder sink(Sink value) { this.sink = value; return this; }
        public Builder diagnostics(Diagnostics value) { this.diagnostics = Objects.requireNonNull(value); return this; }

        /** Checks everything, recording each problem into {@code problems}; see {@link #build()}. */
        public void validate(ConfigProblems problems) {
            problems.check(name == null || name.isBlank(), "name", "is empty; give the appender a name");
            problems.check(ringBufferSize < 64 || Integer.bitCount(ringBufferSize) != 1, "ringBufferSize",
                    ringBufferSize + " must be a power of two of at least 64, e.g. " + DEFAULT_RING_BUFFER_SIZE);
            problems.check(overflowPolicy == null, "overflowPolicy", "is missing; use DROP or BLOCK");
            positive(problems, "maxBlock", maxBlock, true);
            problems.check(batchMaxEvents < 1, "batch.maxEvents", batchMaxEvents + " must be at least 1, e.g. "
                    + DEFAULT_BATCH_MAX_EVENTS);
            problems.check(batchMaxBytes < 1024 || batchMaxBytes > (1L << 30), "batch.maxBytes",
                    Sizes.format(batchMaxBytes) + " must be between 1KB and 1GB, e.g. " + Sizes.format(DEFAULT_BATCH_MAX_BYTES));
            positive(problems, "batch.linger", batchLinger, false);
            problems.check(maxEventBytes < EncodeLimits.MIN_EVENT_BYTES || maxEventBytes > (256L << 20),
                    "maxEventBytes", Sizes.format(maxEventBytes) + " must be between "
                            + Sizes.format(EncodeLimits.MIN_EVENT_BYTES) + " and 256MB, e.g. " + Sizes.format(DEFAULT_MAX_EVENT_BYTES));
            problems.check(compression == null, "compression", "is missing; use none, gzip, zstd or auto");
            problems.check(maxInFlight < 1 || maxInFlight > 64, "maxInFlight", maxInFlight + " must be between 1 and 64");
            positive(problems, "connectTimeout", connectTimeout, false);
            positive(problems, "requestTimeout", requestTimeout, false);
            problems.check(maxRetries < 0, "maxRetries", maxRetries + " must be 0 or more");
            problems.check(deadLetterMaxSize < 1024, "deadLetterMaxSize", Sizes.format(deadLetterMaxSize)
                    + " must be at least 1KB, e.g. " + Sizes.format(DEFAULT_DEAD_LETTER_MAX_SIZE));
            problems.check(deadLetterFile != null && java.nio.file.Files.isDirectory(deadLetterFile), "deadLetterFile",
                    "'" + deadLetterFile + "' is a directory; give a file path, e.g. /var/spool/app/dead-letter.ndjson");
            positive(problems, "initialBackoff", initialBackoff, false);
            positive(problems, "maxBackoff", maxBackoff, false);
            if (initialBackoff != null && maxBackoff != null && initialBackoff.compareTo(maxBackoff) > 0) {
                problems.add("initialBackoff", "must not be longer than maxBackoff (" + Durations.format(maxBackoff) + ")");
            }
            positive(problems, "shutdownTimeout", shutdownTimeout, true);
            problems.check(mdcPrefix != null && !mdcPrefix.isEmpty() && !mdcPrefix.endsWith("."), "mdcPrefix",
                    "'" + mdcPrefix + "' must be empty or end with a dot, e.g. labels.");
            if (spillDirectory != null) {
                problems.check(java.nio.file.Files.exists(spillDirectory) && !java.nio.file.Files.isDirectory(spillDirectory),
                        "spill.directory", "'" + spillDirectory + "' is a file; give a directory of its own, e.g. "
                                + "/var/spool/<service>");
                problems.check(spillMaxSize < SpillSettings.MIN_MAX_SIZE, "spill.maxSize", Sizes.format(spillMaxSize)
                        + " must be at least " + Sizes.format(SpillSettings.MIN_MAX_SIZE) + ", e.g. "
                        + Sizes.format(SpillSettings.DEFAULT_MAX_SIZE));
                problems.check(spillDropPolicy == null, "spill.dropPolicy", "is missing; use DROP_OLDEST or DROP_NEWEST");
                problems.check(spillFsync == null, "spill.fsync", "is missing; use NEVER, INTERVAL or ALWAYS");
                positive(problems, "spill.fsyncInterval", spillFsyncInterval, false);
                problems.check(spillMode == null, "spill.mode", "is missing; use OVERFLOW or WRITE_AHEAD");
                problems.check(spillReplayRate < 0, "spill.replayRate", spillReplayRate
                        + " must be 0 (no limit) or a number of events per second, e.g. " + SpillSettings.DEFAULT_REPLAY_RATE);
            }
            problems.check(elasticsearch == null && graylog == null && sink == null, "elasticsearch",
                    "no sink is configured; add an <elasticsearch> or a <graylog> element with a <url>");
            problems.check(elasticsearch != null && graylog != null, "graylog",
                    "and elasticsearch are both configured; an appender ships to exactly one sink (use two appenders)");
            fields.forEach((key, value) -> problems.check(key == null || key.isBlank() || value == null, "field",
                    "'" + key + "' needs a non-empty name and a value"));
        }

        private static void positive(ConfigProblems problems, String setting, Duration value, boolean zeroAllowed) {
            problems.check(value == null || value.isNegative() || (!zeroAllowed && value.isZero()), setting,
                    (value == null ? "is missing" : Durations.format(value) + " must be " + (zeroAllowed ? "0 or more" : "positive"))
                            + "; write e.g. 5s");
        }

        /** @throws InvalidConfigException listing every problem */
        public PipelineConfig build() {
            ConfigProblems problems = new ConfigProblems();
            validate(problems);
            problems.throwIfAny();
            String host = hostName != null ? hostName : HostName.local();
            return new PipelineConfig(this, new EncoderSettings(serviceName, host, fields, mdcPrefix, maxStackFrames));
        }
    }
}
