package dev.logship.core.encode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every encoder adds to each event.
 *
 * @param serviceName    {@code service.name} / GELF {@code _service}; null to leave it out
 * @param hostName       {@code host.name} / GELF {@code host}
 * @param staticFields   fields added to every event (environment, version, ...), in order
 * @param mdcPrefix      prefix of MDC keys in Elasticsearch documents ({@value #DEFAULT_MDC_PREFIX} by default)
 * @param maxStackFrames frames written per throwable before "... n more" ({@code 0}: all)
 */
public record EncoderSettings(String serviceName, String hostName, Map<String, String> staticFields,
                              String mdcPrefix, int maxStackFrames) {
    public static final String DEFAULT_MDC_PREFIX = "labels.";

    public EncoderSettings {
        staticFields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(staticFields));
        mdcPrefix = mdcPrefix == null ? DEFAULT_MDC_PREFIX : mdcPrefix;
        hostName = hostName == null || hostName.isBlank() ? "unknown-host" : hostName;
    }
}
