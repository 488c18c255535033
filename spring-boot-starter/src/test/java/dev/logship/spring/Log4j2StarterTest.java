package dev.logship.spring;

import dev.logship.log4j2.LogshipAppender;
import org.apache.logging.log4j.core.config.Configuration;

/** The starter with Log4j2 (spring-boot-starter-log4j2); runs in the test execution without Logback. */
class Log4j2StarterTest extends StarterContract {

    @Override
    String framework() {
        return "Log4j2";
    }

    @Override
    long logshipAppenders() {
        return Log4j2Appenders.onRoot();
    }

    @Override
    void declareOwnAppender(String name, String url) {
        Configuration configuration = Log4j2Appenders.context().getConfiguration();
        LogshipAppender appender = LogshipAppender.newBuilder().setName(name)
                .setOptions(java.util.Map.of("elasticsearch.url", url))
                .setShutdownTimeout("1s").setFlushOnExit("false").setConfiguration(configuration).build();
        appender.start();
        configuration.addAppender(appender);
        configuration.getRootLogger().addAppender(appender, null, null);
        Log4j2Appenders.context().updateLoggers();
    }

    @Override
    void removeLogshipAppenders() {
        Log4j2Appenders.removeAll();
    }

    @Override
    void reloadLoggingConfiguration() {
        Log4j2Appenders.context().reconfigure();
    }
}
