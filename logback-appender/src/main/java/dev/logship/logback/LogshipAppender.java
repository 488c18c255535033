package dev.logship.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import dev.logship.core.config.ConfigProblems;
import dev.logship.core.config.TextSettings;
import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.core.internal.LogshipThread;
import dev.logship.core.pipeline.Pipeline;
import dev.logship.core.pipeline.PipelineConfig;
import dev.logship.core.sink.Sink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    private Map<String, String> baseOptions = Map.of();
    private java.util.function.Consumer<PipelineConfig.Builder> customizer;
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
                .diagnostics(new StatusDiagnostics(this));
        TextSettings.apply(options(), b, p);
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
        }
        if (customizer != null) {
            customizer.accept(b);
        }
        return b;
    }

    /** The settings under their public names, as {@link TextSettings} reads them (and Log4j2 and Spring spell them). */
    private Map<String, String> options() {
        return TextSettings.merge(baseOptions, settings());
    }

    private Map<String, String> settings() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("serviceName", serviceName);
        o.put("hostName", hostName);
        o.put("mdcPrefix", mdcPrefix);
        o.put("compression", compression);
        o.put("ringBufferSize", ringBufferSize);
        o.put("overflowPolicy", overflowPolicy);
        o.put("maxBlock", maxBlock);
        o.put("maxEventBytes", maxEventBytes);
        o.put("maxInFlight", maxInFlight);
        o.put("connectTimeout", connectTimeout);
        o.put("requestTimeout", requestTimeout);
        o.put("maxRetries", maxRetries);
        o.put("initialBackoff", initialBackoff);
        o.put("maxBackoff", maxBackoff);
        o.put("shutdownTimeout", shutdownTimeout);
        o.put("maxStackFrames", maxStackFrames);
        o.put("flushOnExit", flushOnExit);
        o.put("deadLetterFile", deadLetterFile);
        o.put("deadLetterMaxSize", deadLetterMaxSize);
        o.put("lossSummary", lossSummary);
        o.put("batch.maxEvents", batch.maxEvents());
        o.put("batch.maxBytes", batch.maxBytes());
        o.put("batch.linger", batch.linger());
        o.put("spill.directory", spill.directory());
        o.put("spill.maxSize", spill.maxSize());
        o.put("spill.dropPolicy", spill.dropPolicy());
        o.put("spill.fsync", spill.fsync());
        o.put("spill.fsyncInterval", spill.fsyncInterval());
        o.put("spill.mode", spill.mode());
        o.put("spill.replayRate", spill.replayRate());
        if (sink == null && elasticsearch != null) {
            ElasticsearchSettings es = elasticsearch;
            o.put("elasticsearch.url", es.url());
            o.put("elasticsearch.dataStream", es.dataStream());
            o.put("elasticsearch.index", es.index());
            o.put("elasticsearch.username", es.username());
            o.put("elasticsearch.password", es.password());
            o.put("elasticsearch.apiKey", es.apiKey());
            o.put("elasticsearch.bearerToken", es.bearerToken());
            o.put("elasticsearch.bootstrapTemplate", es.bootstrapTemplate());
            o.put("elasticsearch.documentIds", es.documentIds());
            o.put("elasticsearch.retention", es.retention());
            es.putTls(o, "elasticsearch");
        }
        if (sink == null && graylog != null) {
            GraylogSettings g = graylog;
            o.put("graylog.url", g.url());
            o.put("graylog.bulk", g.bulk());
            o.put("graylog.maxRequestBytes", g.maxRequestBytes());
            o.put("graylog.headerName", g.headerName());
            o.put("graylog.headerValue", g.headerValue());
            o.put("graylog.chunkSize", g.chunkSize());
            o.put("graylog.udpCompression", g.udpCompression());
            g.putTls(o, "graylog");
        }
        return o;
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

    /** The running pipeline (counters, sink status), or null before the first successful start. */
    public Pipeline<ILoggingEvent> pipeline() {
        return pipeline;
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

    /**
     * For configuration in code (the Spring Boot starter): options under their public names
     * ({@code elasticsearch.url}, {@code batch.maxEvents}, {@code field.environment}, …), under any set
     * through the properties above.
     */
    public void setOptions(Map<String, String> options) { this.baseOptions = new LinkedHashMap<>(options); }

    /** For configuration in code: adjusts the pipeline's configuration after the options are applied. */
    public void setConfigCustomizer(java.util.function.Consumer<PipelineConfig.Builder> customizer) {
        this.customizer = customizer;
    }
}
