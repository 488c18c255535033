package dev.logship.spring;

import dev.logship.log4j2.LogshipAppender;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.Configuration;

/** The logship appenders in the Log4j2 configuration of this JVM, for the tests. */
final class Log4j2Appenders {
    private Log4j2Appenders() {
    }

    static LoggerContext context() {
        return (LoggerContext) LogManager.getContext(false);
    }

    /** Those the configuration holds. */
    static List<LogshipAppender> all() {
        return context().getConfiguration().getAppenders().values().stream()
                .filter(LogshipAppender.class::isInstance).map(LogshipAppender.class::cast).toList();
    }

    /** Those on the root logger. */
    static long onRoot() {
        return context().getConfiguration().getRootLogger().getAppenders().values().stream()
                .filter(LogshipAppender.class::isInstance).count();
    }

    /** Removes every logship appender from the configuration (which stops it). */
    static void removeAll() {
        Configuration configuration = context().getConfiguration();
        for (LogshipAppender appender : all()) {
            configuration.getLoggers().values().forEach(logger -> logger.removeAppender(appender.getName()));
            configuration.getRootLogger().removeAppender(appender.getName());
            ((AbstractConfiguration) configuration).removeAppender(appender.getName());
            if (appender.isStarted()) {
                appender.stop(5, TimeUnit.SECONDS);
            }
        }
        context().updateLoggers();
    }
}
