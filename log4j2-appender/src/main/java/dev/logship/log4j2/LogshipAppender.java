package dev.logship.log4j2;

import dev.logship.core.config.ConfigProblems;
import dev.logship.core.config.TextSettings;
import dev.logship.core.diag.Diagnostics;
import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.core.internal.LogshipThread;
import dev.logship.core.pipeline.Pipeline;
import dev.logship.core.pipeline.PipelineConfig;
import dev.logship.core.sink.Sink;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;
import org.apache.logging.log4j.core.config.plugins.PluginElement;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * {@code <Logship name="SHIP" serviceName="checkout"><Elasticsearch url="…"/><Spill directory="…"/></Logship>}:
 * ships every event through a logship pipeline, with the option names and defaults of the Logback
 * appender (attributes take {@code 5s}, {@code 64MB}). The application thread only takes an immutable
 * copy of the event ({@link Log4j2Capture}: Log4j2 reuses events and messages in garbage-free and async
 * modes) and offers it to the ring; the pipeline lives in a
 * {@link LogshipManager}, so a reconfiguration with unchanged settings keeps it running. Diagnostics go
 * to Log4j2's {@link StatusLogger}; a bad configuration is reported naming the attribute and the fix,
 * and only this appender is left out.
 */
@Plugin(name = "Logship", category = Core.CATEGORY_NAME, elementType = Appender.ELEMENT_TYPE, printObject = true)
public final class LogshipAppender extends AbstractAppender {
    private static final StatusLogger STATUS = StatusLogger.getLogger();

    private final LogshipManager manager;
    private final Pipeline<LogEvent> pipeline;
    private final Log4j2Capture capture;
    private final AtomicLong captureFailures = new AtomicLong();
    private final boolean includeLocation;

    private LogshipAppender(String name, Filter filter, boolean ignoreExceptions, Property[] properties,
                            LogshipManager manager, boolean includeLocation) {
        super(name, filter, null, ignoreExceptions, properties);
        this.manager = manager;
        this.pipeline = manager.pipeline();
        this.includeLocation = includeLocation;
        this.capture = new Log4j2Capture(name, includeLocation);
    }

    @PluginBuilderFactory
    public static Builder newBuilder() {
        return new Builder();
    }

    @Override
    public void append(LogEvent event) {
        if (LogshipThread.isCurrent()) {
            pipeline.ignoreInternal(); // no feedback loop from logship's own threads
            return;
        }
        LogEvent copy;
        try {
            copy = capture.copy(event); // Log4j2 may reuse the event and its message once this returns
        } catch (RuntimeException e) {
            pipeline.captureFailed();
            if (captureFailures.getAndIncrement() % 1000 == 0) {
                STATUS.error("logship: could not capture an event ({} so far); dropped", captureFailures.get(), e);
            }
            return;
        }
        pipeline.offer(copy);
    }

    /**
     * With {@code includeLocation}, asks Log4j2 for the caller's location: async loggers take it on the
     * application thread only for an appender that requires it (and only where the logger's own
     * {@code includeLocation} is true, Log4j2's default in synchronous mode, not in async mode).
     */
    @Override
    public boolean requiresLocation() {
        return includeLocation;
    }

    /** Sends what was logged before the call and waits until it is settled or {@code timeout} passes. */
    public boolean flush(Duration timeout) {
        return pipeline.flush(timeout);
    }

    /** The running pipeline (counters, sink status). */
    public Pipeline<LogEvent> pipeline() {
        return pipeline;
    }

    /** The pipeline's counters. */
    public MetricsSnapshot metrics() {
        return pipeline.metrics();
    }

    @Override
    public boolean stop(long timeout, TimeUnit timeUnit) {
        setStopping();
        boolean stopped = manager.stop(timeout, timeUnit); // only the last configuration using it stops the pipeline
        setStopped();
        return stopped;
    }

    /** The {@code <Logship>} element's attributes and nested elements. */
    public static final class Builder extends AbstractAppender.Builder<Builder>
            implements org.apache.logging.log4j.core.util.Builder<LogshipAppender> {
        @PluginBuilderAttribute private String serviceName;
        @PluginBuilderAttribute private String hostName;
        @PluginBuilderAttribute private String compression;
        @PluginBuilderAttribute private String ringBufferSize;
        @PluginBuilderAttribute private String overflowPolicy;
        @PluginBuilderAttribute private String maxBlock;
        @PluginBuilderAttribute private String maxEventBytes;
        @PluginBuilderAttribute private String maxInFlight;
        @PluginBuilderAttribute private String connectTimeout;
        @PluginBuilderAttribute private String requestTimeout;
        @PluginBuilderAttribute private String maxRetries;
        @PluginBuilderAttribute private String initialBackoff;
        @PluginBuilderAttribute private String maxBackoff;
        @PluginBuilderAttribute private String shutdownTimeout;
        @PluginBuilderAttribute private String mdcPrefix;
        @PluginBuilderAttribute private String maxStackFrames;
        @PluginBuilderAttribute private String flushOnExit;
        @PluginBuilderAttribute private String deadLetterFile;
        @PluginBuilderAttribute private String deadLetterMaxSize;
        @PluginBuilderAttribute private String lossSummary;
        @PluginBuilderAttribute private boolean includeLocation;
        @PluginElement("Elasticsearch") private Elements.Elasticsearch elasticsearch;
        @PluginElement("Graylog") private Elements.Graylog graylog;
        @PluginElement("Spill") private Elements.Spill spill;
        @PluginElement("Batch") private Elements.Batch batch;
        @PluginElement("Fields") private Elements.Field[] fields;
        private Sink sink;
        private Map<String, String> baseOptions = Map.of();
        private java.util.function.Consumer<PipelineConfig.Builder> customizer;

        public Builder setServiceName(String value) { this.serviceName = value; return this; }
        public Builder setCompression(String value) { this.compression = value; return this; }
        public Builder setRingBufferSize(String value) { this.ringBufferSize = value; return this; }
        public Builder setOverflowPolicy(String value) { this.overflowPolicy = value; return this; }
        public Builder setMaxBlock(String value) { this.maxBlock = value; return this; }
        public Builder setShutdownTimeout(String value) { this.shutdownTimeout = value; return this; }
        public Builder setFlushOnExit(String value) { this.flushOnExit = value; return this; }
        public Builder setLossSummary(String value) { this.lossSummary = value; return this; }
        public Builder setIncludeLocation(boolean value) { this.includeLocation = value; return this; }
        public Builder setElasticsearch(Elements.Elasticsearch value) { this.elasticsearch = value; return this; }
        public Builder setSpill(Elements.Spill value) { this.spill = value; return this; }
        public Builder setBatch(Elements.Batch value) { this.batch = value; return this; }
        public Builder setHostName(String value) { this.hostName = value; return this; }
        public Builder setMaxEventBytes(String value) { this.maxEventBytes = value; return this; }
        public Builder setMaxInFlight(String value) { this.maxInFlight = value; return this; }
        public Builder setConnectTimeout(String value) { this.connectTimeout = value; return this; }
        public Builder setRequestTimeout(String value) { this.requestTimeout = value; return this; }
        public Builder setMaxRetries(String value) { this.maxRetries = value; return this; }
        public Builder setInitialBackoff(String value) { this.initialBackoff = value; return this; }
        public Builder setMaxBackoff(String value) { this.maxBackoff = value; return this; }
        public Builder setMdcPrefix(String value) { this.mdcPrefix = value; return this; }
        public Builder setMaxStackFrames(String value) { this.maxStackFrames = value; return this; }
        public Builder setDeadLetterFile(String value) { this.deadLetterFile = value; return this; }
        public Builder setDeadLetterMaxSize(String value) { this.deadLetterMaxSize = value; return this; }
        public Builder setGraylog(Elements.Graylog value) { this.graylog = value; return this; }
        public Builder setFields(Elements.Field[] value) { this.fields = value; return this; }
        /** Seam for tests and custom destinations: a sink built in code instead of a nested element. */
        public Builder setSink(Sink value) { this.sink = value; return this; }

        /**
         * For configuration in code (the Spring Boot starter): options under their public names
         * ({@code elasticsearch.url}, {@code batch.maxEvents}, {@code field.environment}, …), under any set
         * through the attributes and elements above.
         */
        public Builder setOptions(Map<String, String> value) { this.baseOptions = new LinkedHashMap<>(value); return this; }

        /** For configuration in code: adjusts the pipeline's configuration after the options are applied. */
        public Builder setConfigCustomizer(java.util.function.Consumer<PipelineConfig.Builder> value) {
            this.customizer = value;
            return this;
        }

        /** The options under their public names (as the Logback appender and Spring properties spell them). */
        Map<String, String> options() {
            return TextSettings.merge(baseOptions, settings());
        }

        private Map<String, String> settings() {
            Map<String, String> o = new LinkedHashMap<>();
            o.put("serviceName", serviceName);
            o.put("hostName", hostName);
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
            o.put("mdcPrefix", mdcPrefix);
            o.put("maxStackFrames", maxStackFrames);
            o.put("flushOnExit", flushOnExit);
            o.put("deadLetterFile", deadLetterFile);
            o.put("deadLetterMaxSize", deadLetterMaxSize);
            o.put("lossSummary", lossSummary);
            if (batch != null) {
                o.put("batch.maxEvents", batch.maxEvents);
                o.put("batch.maxBytes", batch.maxBytes);
                o.put("batch.linger", batch.linger);
            }
            if (spill != null) {
                o.put("spill.directory", spill.directory);
                o.put("spill.maxSize", spill.maxSize);
                o.put("spill.dropPolicy", spill.dropPolicy);
                o.put("spill.fsync", spill.fsync);
                o.put("spill.fsyncInterval", spill.fsyncInterval);
                o.put("spill.mode", spill.mode);
                o.put("spill.replayRate", spill.replayRate);
            }
            if (elasticsearch != null) {
                Elements.Elasticsearch e = elasticsearch;
                put(o, "elasticsearch", new String[] {"url", "dataStream", "index", "username", "password", "apiKey",
                    "bearerToken", "caCertificate", "trustStore", "trustStorePassword", "keyStore", "keyStorePassword",
                    "verifyHostname", "bootstrapTemplate", "documentIds", "retention"},
                    new String[] {e.url, e.dataStream, e.index, e.username, e.password, e.apiKey, e.bearerToken,
                        e.caCertificate, e.trustStore, e.trustStorePassword, e.keyStore, e.keyStorePassword,
                        e.verifyHostname, e.bootstrapTemplate, e.documentIds, e.retention});
            }
            if (graylog != null) {
                Elements.Graylog g = graylog;
                put(o, "graylog", new String[] {"url", "bulk", "maxRequestBytes", "headerName", "headerValue",
                    "chunkSize", "udpCompression", "caCertificate", "trustStore", "trustStorePassword", "keyStore",
                    "keyStorePassword", "verifyHostname"},
                    new String[] {g.url, g.bulk, g.maxRequestBytes, g.headerName, g.headerValue, g.chunkSize,
                        g.udpCompression, g.caCertificate, g.trustStore, g.trustStorePassword, g.keyStore,
                        g.keyStorePassword, g.verifyHostname});
            }
            if (fields != null) {
                for (Elements.Field field : fields) {
                    o.put("field." + (field.name == null ? "" : field.name.trim()), field.value);
                }
            }
            return o;
        }

        private static void put(Map<String, String> o, String prefix, String[] names, String[] values) {
            for (int i = 0; i < names.length; i++) {
                o.put(prefix + "." + names[i], values[i]);
            }
        }

        @Override
        public LogshipAppender build() {
            String name = getName() == null ? "logship" : getName();
            ConfigProblems problems = new ConfigProblems();
            PipelineConfig.Builder config = PipelineConfig.builder().name(name).diagnostics(new StatusDiagnostics());
            Map<String, String> options = options();
            options.forEach((key, value) -> problems.check(key.startsWith("field.") && (key.length() == 6 || value == null),
                    "Field", "needs a name and a value: <Field name=\"environment\" value=\"prod\"/>"));
            TextSettings.apply(options, config, problems);
            if (sink != null) {
                config.sink(sink);
            }
            if (customizer != null) {
                customizer.accept(config);
            }
            config.validate(problems);
            if (!problems.isEmpty()) {
                problems.all().forEach(problem -> STATUS.error("{} (appender '{}' is left out; the rest of the logging "
                        + "configuration works)", problem, name));
                return null;
            }
            LogshipManager manager;
            String fingerprint = fingerprint(options, sink);
            String spillDirectory = options.get("spill.directory");
            // a spill directory belongs to one running pipeline: a reload hands the new configuration that
            // pipeline (Log4j2 builds the new configuration before it stops the old one, which still holds it)
            String key = spillDirectory == null || spillDirectory.isBlank() ? "logship:" + name + ":" + fingerprint
                    : "logship:" + name + ":spill:" + spillDirectory.trim();
            try {
                manager = LogshipManager.get(key, new LogshipManager.Settings(config.build(), includeLocation, fingerprint));
            } catch (RuntimeException e) {
                STATUS.error("logship: appender '{}' could not start and is left out", name, e);
                return null;
            }
            if (!manager.fingerprint().equals(fingerprint)) {
                STATUS.warn("logship: appender '{}' has new settings, but its spill directory {} belongs to the running "
                        + "pipeline, which keeps its settings; they take effect when the application restarts", name,
                        spillDirectory);
            }
            return new LogshipAppender(name, getFilter(), isIgnoreExceptions(), getPropertyArray(), manager,
                    includeLocation);
        }

        /** The configuration as a stable digest: equal settings share one running pipeline across reloads. */
        private String fingerprint(Map<String, String> options, Sink custom) {
            StringBuilder text = new StringBuilder();
            new TreeMap<>(options).forEach((key, value) -> {
                if (value != null) {
                    text.append(key).append('=').append(value).append('\n');
                }
            });
            text.append("includeLocation=").append(includeLocation);
            if (custom != null) {
                text.append("\nsink=").append(System.identityHashCode(custom));
            }
            if (customizer != null) {
                text.append("\ncustomizer=").append(System.identityHashCode(customizer));
            }
            try {
                byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return java.util.HexFormat.of().formatHex(digest, 0, 16);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Diagnostics into Log4j2's status logger. */
    private static final class StatusDiagnostics implements Diagnostics {
        @Override
        public void info(String message) {
            STATUS.info(message);
        }

        @Override
        public void warn(String message, Throwable cause) {
            STATUS.warn(message, cause);
        }

        @Override
        public void error(String message, Throwable cause) {
            STATUS.error(message, cause);
        }
    }
}
