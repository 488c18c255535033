package dev.logship.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.status.Status;
import dev.logship.logback.ElasticsearchSettings;
import dev.logship.logback.LogshipAppender;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Logback configured in code for the benchmarks: a private {@link LoggerContext} per measurement, so
 * that nothing else the JVM logs (HttpClient on logship's sender threads, say) reaches the appender
 * being measured. {@code org.slf4j.MDC} still works: the private context reads the same MDC adapter.
 */
final class LogbackSetup {
    /** The logger the benchmarks log through; one name, as a typical application class would have. */
    static final String LOGGER = "shop.checkout.OrderService";

    private LogbackSetup() {
    }

    /** A started private context whose events carry the calling thread's {@link MDC}. */
    static LoggerContext newContext(String name) {
        quietGlobalContext();
        LoggerContext context = new LoggerContext();
        context.setName(name);
        if (context.getMDCAdapter() == null) {
            context.setMDCAdapter(MDC.getMDCAdapter());
        }
        context.start();
        return context;
    }

    /** Starts {@code appender} in {@code context} and returns the INFO logger that feeds it. */
    static Logger attach(LoggerContext context, Appender<ILoggingEvent> appender) {
        appender.setContext(context);
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalStateException("appender '" + appender.getName() + "' did not start:\n" + statuses(context));
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        return context.getLogger(LOGGER);
    }

    /** A {@link LogshipAppender} (service {@code bench}, no shutdown hook) adjusted by {@code settings}; not started. */
    static LogshipAppender logship(Consumer<LogshipAppender> settings) {
        LogshipAppender appender = new LogshipAppender();
        appender.setName("SHIP");
        appender.setServiceName("bench");
        appender.setFlushOnExit("false");
        settings.accept(appender);
        return appender;
    }

    /** The {@code <elasticsearch>} element for a {@code _bulk} endpoint at {@code url}. */
    static ElasticsearchSettings elasticsearch(String url) {
        ElasticsearchSettings elasticsearch = new ElasticsearchSettings();
        elasticsearch.setUrl(url);
        return elasticsearch;
    }

    static NoopAppender noop() {
        NoopAppender appender = new NoopAppender();
        appender.setName("NOOP");
        return appender;
    }

    /** The JVM-wide context (auto-configured at DEBUG to the console) only ever sees library chatter. */
    private static void quietGlobalContext() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext) {
            LoggerContext global = (LoggerContext) LoggerFactory.getILoggerFactory();
            global.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        }
    }

    private static String statuses(LoggerContext context) {
        StringBuilder text = new StringBuilder();
        for (Status status : context.getStatusManager().getCopyOfStatusList()) {
            text.append("  ").append(status).append('\n');
        }
        return text.toString();
    }
}
