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

class LogbackSpringApplicationTest extends SpringApplicationContract {

    private static List<LogshipAppender> logship() {
        List<LogshipAppender> found = new ArrayList<>();
        for (Logger logger : ((LoggerContext) LoggerFactory.getILoggerFactory()).getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof LogshipAppender appender) {
                    found.add(appender);
                }
            }
        }
        return found;
    }

    @Override
    long logshipAppenders() {
        return logship().size();
    }

    @Override
    long received() {
        return logship().get(0).metrics().received();
    }

    @Override
    String configDeclaringAnAppender() {
        return "classpath:logback-declared.xml";
    }

    @Override
    void removeLogshipAppenders() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (LogshipAppender appender : logship()) {
            context.getLoggerList().forEach(logger -> logger.detachAppender(appender));
            appender.stop();
        }
    }
}
