package dev.logship.spring;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import dev.logship.logback.ElasticsearchSettings;
import dev.logship.logback.LogshipAppender;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The starter with Logback, Boot's default logging system. */
class LogbackStarterTest extends StarterContract {

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    private static List<LogshipAppender> logship() {
        List<LogshipAppender> found = new ArrayList<>();
        for (Logger logger : context().getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof LogshipAppender appender) {
                    found.add(appender);
                }
            }
        }
        return found;
    }

    @Override
    String framework() {
        return "Logback";
    }

    @Override
    long logshipAppenders() {
        return logship().size();
    }

    @Override
    void declareOwnAppender(String name, String url) {
        LogshipAppender appender = new LogshipAppender();
        appender.setContext(context());
        appender.setName(name);
        ElasticsearchSettings elasticsearch = new ElasticsearchSettings();
        elasticsearch.setUrl(url);
        appender.setElasticsearch(elasticsearch);
        appender.setShutdownTimeout("1s");
        appender.setFlushOnExit("false");
        appender.start();
        context().getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    @Override
    void removeLogshipAppenders() {
        for (Logger logger : context().getLoggerList()) {
            for (LogshipAppender appender : logship()) {
                logger.detachAppender(appender);
                appender.stop();
            }
        }
    }
}
