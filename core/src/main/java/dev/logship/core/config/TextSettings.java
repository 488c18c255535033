package dev.logship.core.config;

import dev.logship.core.buffer.OverflowPolicy;
import dev.logship.core.compress.Compression;
import dev.logship.core.deliver.RetryPolicy;
import dev.logship.core.deliver.TlsSettings;
import dev.logship.core.pipeline.PipelineConfig;
import dev.logship.core.sink.ElasticsearchConfig;
import dev.logship.core.sink.GraylogConfig;
import dev.logship.core.spill.FsyncPolicy;
import dev.logship.core.spill.SpillDropPolicy;
import dev.logship.core.spill.SpillMode;
import dev.logship.core.spill.SpillSettings;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Options written as text under their public names — {@code compression}, {@code batch.maxEvents},
 * {@code spill.directory}, {@code elasticsearch.url}, {@code graylog.bulk}, … (DESIGN.md's
 * "Configuration surfaces") — applied to a {@link PipelineConfig.Builder}, every problem recorded with
 * its name. Framework glue that reads attributes or properties (Log4j2, Spring) fills a map and calls
 * {@link #apply}; absent or blank values keep the defaults.
 */
public final class TextSettings {
    private TextSettings() {
    }

    /**
     * Every option name {@link #apply} reads ({@code field.<name>} aside), both sinks' included — recorded
     * while it reads, so that a configuration surface (an appender's attributes, the Spring properties) can
     * be checked to offer each one under its public name.
     */
    public static Set<String> optionNames() {
        Set<String> read = new TreeSet<>();
        Map<String, String> recording = new HashMap<>(Map.of("elasticsearch.url", "http://a:9200", "graylog.url",
                "udp://b:12201")) {
            @Override
            public String get(Object key) {
                read.add((String) key);
                return super.get(key);
            }
        };
        apply(recording, PipelineConfig.builder(), new ConfigProblems());
        return Collections.unmodifiableSet(read);
    }

    /**
     * Applies {@code options} (public name → text) to {@code b}; fields ({@code field.<name>}) become static
     * fields. A sink is configured when its URL key is present, even blank (then reported as missing).
     */
    public static void apply(Map<String, String> options, PipelineConfig.Builder b, ConfigProblems p) {
        Reader o = new Reader(options, p);
        b.serviceName(o.text("serviceName"));
        b.hostName(o.text("hostName"));
        if (o.text("mdcPrefix") != null) {
            b.mdcPrefix(options.get("mdcPrefix").trim());
        }
        b.maxStackFrames(o.parse("maxStackFrames", TextSettings::integer, 0));
        b.compression(o.parse("compression", Compression::parse, PipelineConfig.DEFAULT_COMPRESSION));
        b.ringBufferSize(o.parse("ringBufferSize", TextSettings::integer, PipelineConfig.DEFAULT_RING_BUFFER_SIZE));
        b.overflowPolicy(o.parse("overflowPolicy", TextSettings::overflowPolicy, PipelineConfig.DEFAULT_OVERFLOW_POLICY));
        b.maxBlock(o.parse("maxBlock", Durations::parse, PipelineConfig.DEFAULT_MAX_BLOCK));
        b.batchMaxEvents(o.parse("batch.maxEvents", TextSettings::integer, PipelineConfig.DEFAULT_BATCH_MAX_EVENTS));
        b.batchMaxBytes(o.parse("batch.maxBytes", Sizes::parse, PipelineConfig.DEFAULT_BATCH_MAX_BYTES));
        b.batchLinger(o.parse("batch.linger", Durations::parse, PipelineConfig.DEFAULT_BATCH_LINGER));
        b.maxEventBytes(o.parse("maxEventBytes", Sizes::parse, PipelineConfig.DEFAULT_MAX_EVENT_BYTES));
        b.maxInFlight(o.parse("maxInFlight", TextSettings::integer, PipelineConfig.DEFAULT_MAX_IN_FLIGHT));
        b.connectTimeout(o.parse("connectTimeout", Durations::parse, PipelineConfig.DEFAULT_CONNECT_TIMEOUT));
        b.requestTimeout(o.parse("requestTimeout", Durations::parse, PipelineConfig.DEFAULT_REQUEST_TIMEOUT));
        b.maxRetries(o.parse("maxRetries", TextSettings::integer, RetryPolicy.DEFAULT_MAX_RETRIES));
        b.initialBackoff(o.parse("initialBackoff", Durations::parse, RetryPolicy.DEFAULT_INITIAL_BACKOFF));
        b.maxBackoff(o.parse("maxBackoff", Durations::parse, RetryPolicy.DEFAULT_MAX_BACKOFF));
        b.shutdownTimeout(o.parse("shutdownTimeout", Durations::parse, PipelineConfig.DEFAULT_SHUTDOWN_TIMEOUT));
        b.shutdownHook(o.parse("flushOnExit", TextSettings::bool, true));
        b.deadLetterFile(o.parse("deadLetterFile", TextSettings::path, null));
        b.deadLetterMaxSize(o.parse("deadLetterMaxSize", Sizes::parse, PipelineConfig.DEFAULT_DEAD_LETTER_MAX_SIZE));
        b.lossSummary(o.parse("lossSummary", TextSettings::bool, true));
        b.spillDirectory(o.parse("spill.directory", TextSettings::path, null));
        b.spillMaxSize(o.parse("spill.maxSize", Sizes::parse, SpillSettings.DEFAULT_MAX_SIZE));
        b.spillDropPolicy(o.parse("spill.dropPolicy", t -> choice(t, SpillDropPolicy.class), SpillSettings.DEFAULT_DROP_POLICY));
        b.spillFsync(o.parse("spill.fsync", t -> choice(t, FsyncPolicy.class), SpillSettings.DEFAULT_FSYNC));
        b.spillFsyncInterval(o.parse("spill.fsyncInterval", Durations::parse, SpillSettings.DEFAULT_FSYNC_INTERVAL));
        b.spillMode(o.parse("spill.mode", t -> choice(t, SpillMode.class), SpillSettings.DEFAULT_MODE));
        b.spillReplayRate(o.parse("spill.replayRate", TextSettings::integer, SpillSettings.DEFAULT_REPLAY_RATE));
        options.forEach((key, value) -> {
            if (key.startsWith("field.")) {
                b.field(key.substring("field.".length()), value);
            }
        });
        if (options.containsKey("elasticsearch.url")) { // the element is there: a blank URL is reported as missing
            ElasticsearchConfig es = ElasticsearchConfig.of(o.text("elasticsearch.url"), o.text("elasticsearch.dataStream"),
                    o.text("elasticsearch.index"), o.text("elasticsearch.username"), o.text("elasticsearch.password"),
                    o.text("elasticsearch.apiKey"), o.text("elasticsearch.bearerToken"), o.text("serviceName"), p);
            es = es.withOptions(o.parse("elasticsearch.bootstrapTemplate", TextSettings::bool, false),
                    o.parse("elasticsearch.documentIds", TextSettings::bool, true),
                    o.parse("elasticsearch.retention", Durations::parse, null));
            if (es != null) {
                es.checkRetention(p);
            }
            TlsSettings tls = tls(o, "elasticsearch");
            b.elasticsearch(tls.isDefault() ? es : es.withTls(tls, p));
        }
        if (options.containsKey("graylog.url")) {
            GraylogConfig graylog = GraylogConfig.of(o.text("graylog.url"), o.parse("graylog.bulk", TextSettings::bool, false),
                    o.parse("graylog.maxRequestBytes", t -> (int) Math.min(Integer.MAX_VALUE, Sizes.parse(t)),
                            GraylogConfig.DEFAULT_MAX_REQUEST_BYTES),
                    o.text("graylog.headerName"), o.text("graylog.headerValue"),
                    o.parse("graylog.chunkSize", TextSettings::integer, GraylogConfig.DEFAULT_CHUNK_SIZE),
                    o.text("graylog.udpCompression"), p);
            TlsSettings tls = tls(o, "graylog");
            b.graylog(tls.isDefault() ? graylog : graylog.withTls(tls, p));
        }
    }

    /**
     * {@code base} (options given in code) under {@code written} (options from the configuration file, null where
     * unset): a written value wins, an unset one keeps the base; a key only {@code written} has is kept even when
     * null (its presence, as of {@code elasticsearch.url}, matters).
     */
    public static Map<String, String> merge(Map<String, String> base, Map<String, String> written) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(base);
        written.forEach((key, value) -> {
            if (value != null || !merged.containsKey(key)) {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private static TlsSettings tls(Reader o, String sink) {
        return new TlsSettings(o.parse(sink + ".caCertificate", TextSettings::path, null),
                o.parse(sink + ".trustStore", TextSettings::path, null), o.text(sink + ".trustStorePassword"),
                o.parse(sink + ".keyStore", TextSettings::path, null), o.text(sink + ".keyStorePassword"),
                o.parse(sink + ".verifyHostname", TextSettings::bool, true));
    }

    /** Reads non-blank values by name, parsing through {@link ConfigProblems#parse}. */
    private static final class Reader {
        private final Map<String, String> options;
        private final ConfigProblems problems;

        Reader(Map<String, String> options, ConfigProblems problems) {
            this.options = options;
            this.problems = problems;
        }

        String text(String name) {
            String value = options.get(name);
            return value == null || value.isBlank() ? null : value;
        }

        <T> T parse(String name, java.util.function.Function<String, T> parser, T fallback) {
            return problems.parse(name, text(name), parser, fallback);
        }
    }

    /** A whole number, or an {@link IllegalArgumentException} saying it is not one. */
    public static int integer(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
    }

    /** {@code true} or {@code false}, any case. */
    public static boolean bool(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (!t.equals("true") && !t.equals("false")) {
            throw new IllegalArgumentException("'" + text + "' is not true or false");
        }
        return Boolean.parseBoolean(t);
    }

    /** One of an enum's constants, any case. */
    public static <T extends Enum<T>> T choice(String text, Class<T> type) {
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static OverflowPolicy overflowPolicy(String text) {
        try {
            return OverflowPolicy.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an overflow policy; use DROP or BLOCK");
        }
    }

    /** A path, or null for blank text; an {@link IllegalArgumentException} naming what this system cannot take. */
    public static Path path(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Path.of(text.trim());
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid path here (" + e.getReason() + ")");
        }
    }
}
