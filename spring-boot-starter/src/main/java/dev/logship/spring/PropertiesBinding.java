package dev.logship.spring;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Binds {@code logship.*} before the context exists (in the listener and the enabling condition). A value that
 * does not convert leaves logship off with one message naming the property, instead of failing the application.
 */
final class PropertiesBinding {
    private static final Logger LOG = LoggerFactory.getLogger(LogshipLogging.class);
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    private PropertiesBinding() {
    }

    /** The bound properties, or null when one of them does not convert (reported once). */
    static LogshipProperties bind(Environment environment) {
        try {
            return Binder.get(environment).bind("logship", LogshipProperties.class).orElseGet(LogshipProperties::new);
        } catch (BindException e) {
            String property = e.getProperty() != null ? e.getProperty().getName().toString() : e.getName().toString();
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            String message = "logship: invalid '" + property + "': " + cause.getMessage() + " (write durations as 500ms, "
                    + "5s, 1m and sizes as 512KB, 8MB; logs are not shipped, the application runs on)";
            if (REPORTED.size() < 100 && REPORTED.add(message)) {
                LOG.error(message);
            }
            return null;
        }
    }
}
