package dev.logship.spring;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.status.Status;
import dev.logship.core.pipeline.Pipeline;
import dev.logship.core.pipeline.PipelineConfig;
import dev.logship.logback.LogshipAppender;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/** Logback: the appender goes on the root logger of SLF4J's Logback context. Loaded only when Logback is present. */
final class LogbackFramework implements LogshipLogging.Framework {

    static boolean active() {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext;
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    @Override
    public String name() {
        return "Logback";
    }

    @Override
    public LogshipLogging.Attached find() {
        for (Logger logger : context().getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof LogshipAppender appender) {
                    return new Attached(appender, logger);
                }
            }
        }
        return null;
    }

    @Override
    public LogshipLogging.Attached attach(String appenderName, Map<String, String> options,
                                          Consumer<PipelineConfig.Builder> customizer, LogshipLogging.Attached replacing) {
        LoggerContext context = context();
        LogshipAppender appender = new LogshipAppender();
        appender.setContext(context);
        appender.setName(appenderName);
        appender.setOptions(options);
        appender.setConfigCustomizer(customizer);
        long since = System.currentTimeMillis();
        appender.start();
        if (!appender.isStarted()) {
            // the appender reported why to Logback's status manager, which Boot does not print once it runs
            context.getStatusManager().getCopyOfStatusList().stream()
                    .filter(status -> status.getOrigin() == appender && status.getLevel() >= Status.WARN
                            && status.getTimestamp() >= since)
                    .forEach(status -> System.err.println(status.getMessage()
                            + (status.getThrowable() == null ? "" : ": " + status.getThrowable())));
            return null;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        if (replacing != null) {
            replacing.detachAndStop();
        }
        return new Attached(appender, root);
    }

    @Override
    public boolean isAttached(LogshipLogging.Attached attached) {
        LogshipAppender appender = (LogshipAppender) attached.appender();
        return appender.isStarted() && context().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).isAttached(appender);
    }

    /** A reset-resistant context listener: a reset (a reload of logback.xml, Logback's scan) drops every appender. */
    @Override
    public AutoCloseable watch(Runnable reloaded) {
        LoggerContext context = context();
        LoggerContextListener listener = new LoggerContextListener() {
            @Override public boolean isResetResistant() { return true; }
            @Override public void onStart(LoggerContext c) { }
            @Override public void onReset(LoggerContext c) { reloaded.run(); }
            @Override public void onStop(LoggerContext c) { }
            @Override public void onLevelChange(ch.qos.logback.classic.Logger logger, ch.qos.logback.classic.Level level) { }
        };
        context.addListener(listener);
        return () -> context.removeListener(listener);
    }

    private record Attached(LogshipAppender appender, Logger logger) implements LogshipLogging.Attached {
        @Override
        public Pipeline<?> pipeline() {
            return appender.pipeline();
        }

        @Override
        public String name() {
            return appender.getName();
        }

        @Override
        public boolean running() {
            return appender.isStarted();
        }

        @Override
        public void detachAndStop() {
            logger.detachAppender(appender);
            appender.stop();
        }
    }
}
