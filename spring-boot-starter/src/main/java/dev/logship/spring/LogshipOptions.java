package dev.logship.spring;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Turns {@link LogshipProperties} into the options the appenders read under their public names
 * ({@code batch.maxEvents}, {@code elasticsearch.url}, {@code field.environment}), filling in what Spring
 * knows: {@code serviceName} from {@code spring.application.name}, the environment from the active profiles.
 */
final class LogshipOptions {
    private static final Pattern SETTING = Pattern.compile("invalid '([^']+)'");

    private LogshipOptions() {
    }

    static Map<String, String> of(LogshipProperties p, Environment environment) {
        Map<String, String> o = new LinkedHashMap<>();
        String serviceName = LogshipProperties.has(p.getServiceName()) ? p.getServiceName()
                : environment.getProperty("spring.application.name");
        o.put("serviceName", serviceName);
        o.put("hostName", p.getHostName());
        o.put("mdcPrefix", p.getMdcPrefix());
        o.put("maxStackFrames", String.valueOf(p.getMaxStackFrames()));
        o.put("compression", p.getCompression() == null ? null : p.getCompression().name());
        o.put("ringBufferSize", String.valueOf(p.getRingBufferSize()));
        o.put("overflowPolicy", p.getOverflowPolicy() == null ? null : p.getOverflowPolicy().name());
        o.put("maxBlock", duration(p.getMaxBlock()));
        o.put("maxEventBytes", size(p.getMaxEventBytes()));
        o.put("maxInFlight", String.valueOf(p.getMaxInFlight()));
        o.put("connectTimeout", duration(p.getConnectTimeout()));
        o.put("requestTimeout", duration(p.getRequestTimeout()));
        o.put("maxRetries", String.valueOf(p.getMaxRetries()));
        o.put("initialBackoff", duration(p.getInitialBackoff()));
        o.put("maxBackoff", duration(p.getMaxBackoff()));
        o.put("shutdownTimeout", duration(p.getShutdownTimeout()));
        o.put("flushOnExit", String.valueOf(p.isFlushOnExit()));
        o.put("deadLetterFile", p.getDeadLetterFile());
        o.put("deadLetterMaxSize", size(p.getDeadLetterMaxSize()));
        o.put("lossSummary", String.valueOf(p.isLossSummary()));
        BatchProperties batch = p.getBatch();
        o.put("batch.maxEvents", String.valueOf(batch.getMaxEvents()));
        o.put("batch.maxBytes", size(batch.getMaxBytes()));
        o.put("batch.linger", duration(batch.getLinger()));
        SpillProperties spill = p.getSpill();
        o.put("spill.directory", spill.getDirectory());
        o.put("spill.maxSize", size(spill.getMaxSize()));
        o.put("spill.dropPolicy", spill.getDropPolicy() == null ? null : spill.getDropPolicy().name());
        o.put("spill.fsync", spill.getFsync() == null ? null : spill.getFsync().name());
        o.put("spill.fsyncInterval", duration(spill.getFsyncInterval()));
        o.put("spill.mode", spill.getMode() == null ? null : spill.getMode().name());
        o.put("spill.replayRate", String.valueOf(spill.getReplayRate()));
        if (LogshipProperties.has(p.getElasticsearch().getUrl())) {
            p.getElasticsearch().putOptions(o);
        }
        if (LogshipProperties.has(p.getGraylog().getUrl())) {
            p.getGraylog().putOptions(o);
        }
        String env = LogshipProperties.has(p.getEnvironment()) ? p.getEnvironment()
                : String.join(",", environment.getActiveProfiles());
        if (!env.isBlank()) {
            o.put("field.environment", env);
        }
        p.getFields().forEach((name, value) -> o.put("field." + name, value));
        return o;
    }

    /** A duration as the appenders' text ({@code 1500ms}), or null. */
    static String duration(Duration value) {
        return value == null ? null : value.toMillis() + "ms";
    }

    /** A size as the appenders' text (bytes), or null. */
    static String size(DataSize value) {
        return value == null ? null : String.valueOf(value.toBytes());
    }

    /** A problem as the appenders word it, with the option's Spring property name: 'logship.batch.max-events'. */
    static String springNames(String problem) {
        Matcher m = SETTING.matcher(problem);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement("invalid '" + property(m.group(1)) + "'"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code batch.maxEvents} → {@code logship.batch.max-events}; {@code field.team} → {@code logship.fields.team}. */
    static String property(String option) {
        if (option.startsWith("field.") || option.equals("field") || option.equals("Field")) {
            return "logship.fields" + option.substring(Math.min(option.length(), 5));
        }
        return "logship." + String.join(".", Arrays.stream(option.split("\\."))
                .map(part -> part.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT)).toList());
    }
}
