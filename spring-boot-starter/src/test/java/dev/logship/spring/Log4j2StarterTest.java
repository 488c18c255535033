package dev.logship.spring;

import dev.logship.log4j2.LogshipAppender;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;

/** The starter with Log4j2 (spring-boot-starter-log4j2); runs in the test execution without Logback. */
class Log4j2StarterTest extends StarterContract {

    private static LoggerContext context() {
        return (LoggerContext) LogManager.getContext(false);
    }

    private static List<LogshipAppender> logship() {
        return context().getConfiguration().getAppenders().values().stream()
                .filter(LogshipAppender.class::isInstance).map(LogshipAppender.class::cast).toList();
    }

    @Override
    String framework() {
        return "Log4j2";
    }

    @Override
    long logshipAppenders() {
        return context().getConfiguration().getRootLogger().getAppenders().values().stream()
                .filter(LogshipAppender.class::isInstance).count();
    }

    @Override
    void declareOwnAppender(String name, String url) {
        Configuration configuration = context().getConfiguration();
        LogshipAppender appender = LogshipAppender.newBuilder().setName(name)
                .setOptions(java.util.Map.of("elasticsearch.url", url))
                .setShutdownTimeout("1s").setFlushOnExit("false").setConfiguration(configuration).build();
        appender.start();
        configuration.addAppender(appender);
        configuration.getRootLogger().addAppender(appender, null, null);
        context().updateLoggers();
    }

    @Override
    void removeLogshipAppenders() {
        Configuration configuration = context().getConfiguration();
        for (LogshipAppender appender : logship()) {
            for (LoggerConfig logger : configuration.getLoggers().values()) {
                logger.removeAppender(appender.getName());
            }
            configuration.getRootLogger().removeAppender(appender.getName());
            ((org.apache.logging.log4j.core.config.AbstractConfiguration) configuration).removeAppender(appender.getName());
            appender.stop(5, TimeUnit.SECONDS);
        }
        context().updateLoggers();
    }
}
