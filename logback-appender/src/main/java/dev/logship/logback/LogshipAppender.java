package dev.logship.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import dev.logship.core.buffer.OverflowPolicy;
import dev.logship.core.compress.Compression;
import dev.logship.core.config.ConfigProblems;
import dev.logship.core.config.Durations;
import dev.logship.core.config.Sizes;
import dev.logship.core.deliver.TlsSettings;
import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.core.internal.LogshipThread;
import dev.logship.core.pipeline.Pipeline;
import dev.logship.core.pipeline.PipelineConfig;
import dev.logship.core.sink.ElasticsearchConfig;
import dev.logship.core.sink.GraylogConfig;
import dev.logship.core.sink.Sink;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Ships Logback events to Elasticsearch / OpenSearch through a logship pipeline. The logging call
 * only prepares the event and puts it into a ring buffer; encoding, batching, compression and
 * delivery run on logship's own threads. Configuration problems are reported with
 * {@code addError} naming the setting and the fix, and leave the appender stopped while the
 * application runs on.
 *
 * <p>Every property takes text, so that sizes and durations can be written with units
 * ({@code 8MB}, {@code 1s}); defaults are those of {@link PipelineConfig}.
 */
public class LogshipAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private ElasticsearchSettings elasticsearch;
    private GraylogSettings graylog;
    private BatchSettings batch = new BatchSettings();
    private SpillSettings spill = new SpillSettings();
    private final List<Field> fields = new ArrayList<>();
    private String serviceName;
    private String hostName;
    private String compression;
    private String ringBufferSize;
    private String overflowPolicy;
    private String maxBlock;
    private String maxEventBytes;
    private String maxInFlight;
    private String connectTimeout;
    private String requestTimeout;
    private String maxRetries;
    private String initialBackoff;
    private String maxBackoff;
    private String shutdownTimeout;
    private String mdcPrefix;
    private String maxStackFrames;
    private String flushOnExit;
    private String deadLetterFile;
    private String deadLetterMaxSize;
    private String lossSummary;
    private Sink sink;
    private volatile Pipeline<ILoggingEvent> pipeline;
    private final java.util.concurrent.atomic.AtomicLong captureFailures = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        ConfigProblems problems = new ConfigProblems();
        PipelineConfig.Builder config = configure(problems);
        config.validate(problems);
        if (!problems.isEmpty()) {
            problems.all().forEach(problem -> addError(problem + " (appender '" + getName() + "' stays stopped)"));
            return;
        }
        try {
            pipeline = Pipeline.start(config.build(), new LogbackEventReader());
        } catch (RuntimeException e) {
            addError("logship: appender '" + getName() + "' could not start and stays stopped", e);
            return;
        }
        super.start();
    }

    private PipelineConfig.Builder configure(ConfigProblems p) {
        PipelineConfig.Builder b = PipelineConfig.builder()
                .name(getName() == null ? "logship" : getName())
                .diagnostics(new StatusDiagnostics(this))
                .serviceName(serviceName)
                .hostName(hostName);
        for (Field f : fields) {
            if (f.name() == null || f.name().isBlank() || f.value() == null) {
                p.add("field", "needs a name and a value as nested elements: <field><name>environment</name>"
                        + "<value>prod</value></field> (Logback's configurator ignores attributes on nested elements, "
                        + "so <field name=\"...\" value=\"...\"/> reaches logship empty)");
            } else {
                b.field(f.name().trim(), f.value());
            }
        }
        if (sink != null) {
            b.sink(sink);
        } else if (elasticsearch != null) {
            ElasticsearchSettings es = elasticsearch;
            ElasticsearchConfig target = ElasticsearchConfig.of(es.url(), es.dataStream(), es.index(), es.username(),
                    es.password(), es.apiKey(), es.bearerToken(), serviceName, p);
            TlsSettings tls = es.tls("elasticsearch", p);
            target = target.withOptions(
                    p.parse("elasticsearch.bootstrapTemplate", es.bootstrapTemplate(), LogshipAppender::bool, false),
                    p.parse("elasticsearch.documentIds", es.documentIds(), LogshipAppender::bool, true),
                    p.parse("elasticsearch.retention", es.retention(), Durations::parse, null));
            b.elasticsearch(tls.isDefault() ? target : target.withTls(tls, p));
        }
        if (sink == null && graylog != null) {
            GraylogSettings g = graylog;
            GraylogConfig target = GraylogConfig.of(g.url(),
                    p.parse("graylog.bulk", g.bulk(), LogshipAppender::bool, false),
                    p.parse("graylog.maxRequestBytes", g.maxRequestBytes(), t -> (int) Math.min(Integer.MAX_VALUE,
                            Sizes.parse(t)), GraylogConfig.DEFAULT_MAX_REQUEST_BYTES),
                    g.headerName(), g.headerValue(),
                    p.parse("graylog.chunkSize", g.chunkSize(), LogshipAppender::integer, GraylogConfig.DEFAULT_CHUNK_SIZE),
                    g.udpCompression(), p);
            TlsSettings tls = g.tls("graylog", p);
            b.graylog(tls.isDefault() ? target : target.withTls(tls, p));
        }
        b.compression(p.parse("compression", compression, Compression::parse, PipelineConfig.DEFAULT_COMPRESSION));
        b.ringBufferSize(p.parse("ringBufferSize", ringBufferSize, LogshipAppender::integer,
                PipelineConfig.DEFAULT_RING_BUFFER_SIZE));
        b.overflowPolicy(p.parse("overflowPolicy", overflowPolicy, LogshipAppender::policy,
                PipelineConfig.DEFAULT_OVERFLOW_POLICY));
        b.maxBlock(p.parse("maxBlock", maxBlock, Durations::parse, PipelineConfig.DEFAULT_MAX_BLOCK));
        b.batchMaxEvents(p.parse("batch.maxEvents", batch.maxEvents(), LogshipAppender::integer,
                PipelineConfig.DEFAULT_BATCH_MAX_EVENTS));
        b.batchMaxBytes(p.parse("batch.maxBytes", batch.maxBytes(), Sizes::parse, PipelineConfig.DEFAULT_BATCH_MAX_BYTES));
        b.batchLinger(p.parse("batch.linger", batch.linger(), Durations::parse, PipelineConfig.DEFAULT_BATCH_LINGER));
        b.maxEventBytes(p.parse("maxEventBytes", maxEventBytes, Sizes::parse, PipelineConfig.DEFAULT_MAX_EVENT_BYTES));
        b.maxInFlight(p.parse("maxInFlight", maxInFlight, LogshipAppender::integer, PipelineConfig.DEFAULT_MAX_IN_FLIGHT));
        b.connectTimeout(p.parse("connectTimeout", connectTimeout, Durations::parse,
                PipelineConfig.DEFAULT_CONNECT_TIMEOUT));
        b.requestTimeout(p.parse("requestTimeout", requestTimeout, Durations::parse,
                PipelineConfig.DEFAULT_REQUEST_TIMEOUT));
        b.maxRetries(p.parse("maxRetries", maxRetries, LogshipAppender::integer,
                dev.logship.core.deliver.RetryPolicy.DEFAULT_MAX_RETRIES));
        b.initialBackoff(p.parse("initialBackoff", initialBackoff, Durations::parse,
                dev.logship.core.deliver.RetryPolicy.DEFAULT_INITIAL_BACKOFF));
        b.maxBackoff(p.parse("maxBackoff", maxBackoff, Durations::parse,
                dev.logship.core.deliver.RetryPolicy.DEFAULT_MAX_BACKOFF));
        b.shutdownTimeout(p.parse("shutdownTimeout", shutdownTimeout, Durations::parse,
                PipelineConfig.DEFAULT_SHUTDOWN_TIMEOUT));
        b.maxStackFrames(p.parse("maxStackFrames", maxStackFrames, LogshipAppender::integer, 0));
        b.shutdownHook(p.parse("flushOnExit", flushOnExit, LogshipAppender::bool, true));
        b.deadLetterFile(path(deadLetterFile));
        b.deadLetterMaxSize(p.parse("deadLetterMaxSize", deadLetterMaxSize, Sizes::parse,
                PipelineConfig.DEFAULT_DEAD_LETTER_MAX_SIZE));
        if (mdcPrefix != null) {
            b.mdcPrefix(mdcPrefix.trim());
        }
        spill(p, b);
        b.lossSummary(p.parse("lossSummary", lossSummary, LogshipAppender::bool, true));
        return b;
    }

    private void spill(ConfigProblems p, PipelineConfig.Builder b) {
        b.spillDirectory(path(spill.directory()));
        b.spillMaxSize(p.parse("spill.maxSize", spill.maxSize(), Sizes::parse,
                dev.logship.core.spill.SpillSettings.DEFAULT_MAX_SIZE));
        b.spillDropPolicy(p.parse("spill.dropPolicy", spill.dropPolicy(),
                t -> choice(t, dev.logship.core.spill.SpillDropPolicy.class), dev.logship.core.spill.SpillSettings.DEFAULT_DROP_POLICY));
        b.spillFsync(p.parse("spill.fsync", spill.fsync(), t -> choice(t, dev.logship.core.spill.FsyncPolicy.class),
                dev.logship.core.spill.SpillSettings.DEFAULT_FSYNC));
        b.spillFsyncInterval(p.parse("spill.fsyncInterval", spill.fsyncInterval(), Durations::parse,
                dev.logship.core.spill.SpillSettings.DEFAULT_FSYNC_INTERVAL));
        b.spillMode(p.parse("spill.mode", spill.mode(), t -> choice(t, dev.logship.core.spill.SpillMode.class),
                dev.logship.core.spill.SpillSettings.DEFAULT_MODE));
        b.spillReplayRate(p.parse("spill.replayRate", spill.replayRate(), LogshipAppender::integer,
                dev.logship.core.spill.SpillSettings.DEFAULT_REPLAY_RATE));
    }

    private static <T extends Enum<T>> T choice(String text, Class<T> type) {
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static java.nio.file.Path path(String text) {
        return text == null || text.isBlank() ? null : java.nio.file.Path.of(text.trim());
    }

    private static int integer(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
    }

    private static OverflowPolicy policy(String text) {
        try {
            return OverflowPolicy.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an overflow policy; use DROP or BLOCK");
        }
    }

    private static boolean bool(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (!t.equals("true") && !t.equals("false")) {
            throw new IllegalArgumentException("'" + text + "' is not true or false");
        }
        return Boolean.parseBoolean(t);
    }

    @Override
    protected void append(ILoggingEvent event) {
        Pipeline<ILoggingEvent> target = pipeline;
        if (target == null) {
            return;
        }
        if (LogshipThread.isCurrent()) {
            target.ignoreInternal();
            return;
        }
        Object attachment;
        try {
            attachment = LogbackCapture.prepare(event);
        } catch (RuntimeException e) {
            target.captureFailed();
            if (captureFailures.getAndIncrement() % 1000 == 0) {
                addError("logship: could not capture an event (" + captureFailures.get() + " so far); dropped", e);
            }
            return;
        }
        target.offer(event, attachment);
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        Pipeline<ILoggingEvent> stopping = pipeline;
        if (stopping != null) {
            stopping.stop();
        }
    }

    /**
     * Delivers what was logged so far without waiting for {@code linger}.
     *
     * @return true when everything logged before the call was delivered or counted as dropped
     */
    public boolean flush(java.time.Duration timeout) {
        Pipeline<ILoggingEvent> target = pipeline;
        return target == null || target.flush(timeout);
    }

    /** The pipeline's counters, or null before the first successful start. */
    public MetricsSnapshot metrics() {
        Pipeline<ILoggingEvent> target = pipeline;
        return target == null ? null : target.metrics();
    }

    // ---- Joran properties -------------------------------------------------------------------

    /** The {@code <graylog>} element (instead of {@code <elasticsearch>}). */
    public void setGraylog(GraylogSettings graylog) { this.graylog = graylog; }
    /** The {@code <elasticsearch>} element. */
    public void setElasticsearch(ElasticsearchSettings elasticsearch) { this.elasticsearch = elasticsearch; }
    /** The {@code <batch>} element. */
    public void setBatch(BatchSettings batch) { this.batch = batch; }
    public void setSpill(SpillSettings spill) { this.spill = spill; }
    /** Whether a WARN event about lost events (logger dev.logship) is shipped once delivery works again (default true). */
    public void setLossSummary(String lossSummary) { this.lossSummary = lossSummary; }
    /** A {@code <field><name>...</name><value>...</value></field>} element, repeatable. */
    public void addField(Field field) { this.fields.add(field); }
    public void setServiceName(String serviceName) { this.serviceName = serviceName; }
    public void setHostName(String hostName) { this.hostName = hostName; }
    /** {@code none}, {@code gzip} (default) or {@code zstd}. */
    public void setCompression(String compression) { this.compression = compression; }
    public void setRingBufferSize(String ringBufferSize) { this.ringBufferSize = ringBufferSize; }
    /** {@code DROP} (default) or {@code BLOCK}. */
    public void setOverflowPolicy(String overflowPolicy) { this.overflowPolicy = overflowPolicy; }
    public void setMaxBlock(String maxBlock) { this.maxBlock = maxBlock; }
    public void setMaxEventBytes(String maxEventBytes) { this.maxEventBytes = maxEventBytes; }
    public void setMaxInFlight(String maxInFlight) { this.maxInFlight = maxInFlight; }
    public void setConnectTimeout(String connectTimeout) { this.connectTimeout = connectTimeout; }
    public void setRequestTimeout(String requestTimeout) { this.requestTimeout = requestTimeout; }
    public void setMaxRetries(String maxRetries) { this.maxRetries = maxRetries; }
    public void setInitialBackoff(String initialBackoff) { this.initialBackoff = initialBackoff; }
    public void setMaxBackoff(String maxBackoff) { this.maxBackoff = maxBackoff; }
    public void setShutdownTimeout(String shutdownTimeout) { this.shutdownTimeout = shutdownTimeout; }
    public void setMdcPrefix(String mdcPrefix) { this.mdcPrefix = mdcPrefix; }
    public void setMaxStackFrames(String maxStackFrames) { this.maxStackFrames = maxStackFrames; }
    /** Whether logship flushes by itself when the JVM exits (default true). */
    public void setFlushOnExit(String flushOnExit) { this.flushOnExit = flushOnExit; }
    /** A file where events the sink rejects for good are kept, one JSON line each (default: none, only counted). */
    public void setDeadLetterFile(String deadLetterFile) { this.deadLetterFile = deadLetterFile; }
    /** The dead-letter file's size limit (default 100MB); past it rejected events are only counted. */
    public void setDeadLetterMaxSize(String deadLetterMaxSize) { this.deadLetterMaxSize = deadLetterMaxSize; }

    /** Seam for tests and custom destinations: a sink built in code instead of {@code <elasticsearch>}. */
    public void setSink(Sink sink) { this.sink = sink; }
}
