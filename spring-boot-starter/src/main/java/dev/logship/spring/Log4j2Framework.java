package dev.logship.spring;

import dev.logship.core.pipeline.Pipeline;
import dev.logship.core.pipeline.PipelineConfig;
import dev.logship.log4j2.LogshipAppender;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;

/** Log4j2: the appender goes on the root logger config of the current context. Loaded only when log4j-core is present. */
final class Log4j2Framework implements LogshipLogging.Framework {

    static boolean active() {
        return LogManager.getContext(false) instanceof LoggerContext;
    }

    private static LoggerContext context() {
        return (LoggerContext) LogManager.getContext(false);
    }

    @Override
    public String name() {
        return "Log4j2";
    }

    @Override
    public LogshipLogging.Attached find() {
        for (Appender appender : context().getConfiguration().getAppenders().values()) {
            if (appender instanceof LogshipAppender logship) {
                return new Attached(logship);
            }
        }
        return null;
    }

    @Override
    public LogshipLogging.Attached attach(String appenderName, Map<String, String> options,
                                          Consumer<PipelineConfig.Builder> customizer, LogshipLogging.Attached replacing) {
        LoggerContext context = context();
        Configuration configuration = context.getConfiguration();
        String name = replacing != null && replacing.name().equals(appenderName) ? appenderName + "-1" : appenderName;
        LogshipAppender appender = LogshipAppender.newBuilder().setName(name).setOptions(options)
                .setConfigCustomizer(customizer).setConfiguration(configuration).build();
        if (appender == null) {
            return null; // the builder reported why on the status logger
        }
        appender.start();
        configuration.addAppender(appender);
        configuration.getRootLogger().addAppender(appender, null, null);
        context.updateLoggers();
        if (replacing != null) {
            replacing.detachAndStop();
        }
        return new Attached(appender);
    }

    @Override
    public boolean isAttached(LogshipLogging.Attached attached) {
        LogshipAppender appender = (LogshipAppender) attached.appender();
        Configuration configuration = context().getConfiguration();
        return appender.isStarted() && configuration.getRootLogger().getAppenders().get(appender.getName()) == appender;
    }

    /** A new configuration (a reload, {@code monitorInterval}) does not carry the appender the starter added in code. */
    @Override
    public AutoCloseable watch(Runnable reloaded) {
        LoggerContext context = context();
        java.beans.PropertyChangeListener listener = event -> {
            // a new configuration object: updateLoggers() fires the same event with the configuration unchanged
            if (LoggerContext.PROPERTY_CONFIG.equals(event.getPropertyName()) && event.getOldValue() != event.getNewValue()) {
                reloaded.run();
            }
        };
        context.addPropertyChangeListener(listener);
        return () -> context.removePropertyChangeListener(listener);
    }

    private record Attached(LogshipAppender appender) implements LogshipLogging.Attached {
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
            LoggerContext context = context();
            Configuration configuration = context.getConfiguration();
            for (LoggerConfig logger : configuration.getLoggers().values()) {
                logger.removeAppender(appender.getName());
            }
            configuration.getRootLogger().removeAppender(appender.getName());
            boolean registered = configuration.getAppenders().get(appender.getName()) == appender;
            context.updateLoggers();
            if (registered && configuration instanceof AbstractConfiguration abstractConfiguration) {
                abstractConfiguration.removeAppender(appender.getName()); // which stops it (once: a second stop would
                // release its manager twice)
            } else if (appender.isStarted()) {
                appender.stop(appender.pipeline().config().shutdownTimeout().toMillis() + 2000, TimeUnit.MILLISECONDS);
            }
        }
    }
}
