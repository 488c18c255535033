package dev.logship.spring;

import dev.logship.log4j2.LogshipAppender;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.Configuration;

class Log4j2SpringApplicationTest extends SpringApplicationContract {

    private static LoggerContext context() {
        return (LoggerContext) LogManager.getContext(false);
    }

    private static List<LogshipAppender> logship() {
        return context().getConfiguration().getAppenders().values().stream()
                .filter(LogshipAppender.class::isInstance).map(LogshipAppender.class::cast).toList();
    }

    @Override
    long logshipAppenders() {
        return context().getConfiguration().getRootLogger().getAppenders().values().stream()
                .filter(LogshipAppender.class::isInstance).count();
    }

    @Override
    long received() {
        return logship().get(0).metrics().received();
    }

    @Override
    String configDeclaringAnAppender() {
        return "classpath:log4j2-declared.xml";
    }

    @Override
    void removeLogshipAppenders() {
        Configuration configuration = context().getConfiguration();
        for (LogshipAppender appender : logship()) {
            configuration.getLoggers().values().forEach(logger -> logger.removeAppender(appender.getName()));
            configuration.getRootLogger().removeAppender(appender.getName());
            ((AbstractConfiguration) configuration).removeAppender(appender.getName());
            appender.stop(5, TimeUnit.SECONDS);
        }
        context().updateLoggers();
        // Boot keeps Log4j2 initialised across runs in one JVM: back to the test configuration
        try {
            context().setConfigLocation(getClass().getResource("/log4j2-test.xml").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
