package dev.logship.e2e.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.OnConsoleStatusListener;
import dev.logship.logback.ElasticsearchSettings;
import dev.logship.logback.LogshipAppender;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/** Configures the process's Logback context in code with one {@link LogshipAppender} on the root logger. */
public final class LogbackFixture {
    private LogbackFixture() {
    }

    public static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    /** Resets Logback, then attaches a started appender shipping to {@code url}, adjusted by {@code settings}. */
    public static LogshipAppender attach(String url, Consumer<LogshipAppender> settings) {
        LoggerContext context = context();
        context.reset();
        if (context.getStatusManager().getCopyOfStatusListenerList().stream()
                .noneMatch(l -> l instanceof OnConsoleStatusListener)) {
            OnConsoleStatusListener console = new OnConsoleStatusListener();
            console.setContext(context);
            console.start();
            context.getStatusManager().add(console);
        }
        LogshipAppender appender = new LogshipAppender();
        appender.setContext(context);
        appender.setName("SHIP");
        ElasticsearchSettings elasticsearch = new ElasticsearchSettings();
        elasticsearch.setUrl(url);
        appender.setElasticsearch(elasticsearch);
        appender.setFlushOnExit("false");
        settings.accept(appender);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        return appender;
    }

    /** Stops every appender (the pipeline flushes within its shutdown timeout). */
    public static void reset() {
        context().reset();
    }
}
