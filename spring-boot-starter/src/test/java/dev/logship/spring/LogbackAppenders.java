package dev.logship.spring;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import dev.logship.logback.LogshipAppender;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The logship appenders in the Logback configuration of this JVM, for the tests. */
final class LogbackAppenders {
    private LogbackAppenders() {
    }

    static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    static List<LogshipAppender> all() {
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

    /** Detaches and stops every logship appender. */
    static void removeAll() {
        for (LogshipAppender appender : all()) {
            context().getLoggerList().forEach(logger -> logger.detachAppender(appender));
            appender.stop();
        }
    }
}
