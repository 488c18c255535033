package dev.logship.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.junit.jupiter.api.Test;

/**
 * All loggers async ({@link AsyncLoggerContext}, what {@code AsyncLoggerContextSelector} makes): Log4j2's
 * own Disruptor (3.4.4 here) runs beside logship's relocated copy. The appender is called on Log4j2's
 * async thread; stopping the context drains Log4j2's ring into logship, and stopping the appender
 * delivers the rest within shutdownTimeout.
 */
class AllAsyncLoggersTest {

    @Test
    void oneHundredThousandEventsFromFourThreadsArriveOnceWithTheirFields() throws Exception {
        Volume.CountingSink sink = new Volume.CountingSink(0);
        AsyncLoggerContext context = new AsyncLoggerContext("volume-async");
        LogshipAppender appender = Volume.start(context, sink, "16384", "BLOCK");
        Volume.log(context.getLogger("volume"), 4, 25_000);
        assertThat(context.stop(60, TimeUnit.SECONDS)).isTrue();

        assertThat(sink.documents.get()).isEqualTo(100_000);
        assertThat(sink.messages).hasSize(100_000);
        assertThat(sink.withFields.get()).as("ThreadContext and map fields on every event").isEqualTo(100_000);
        assertThat(appender.metrics().droppedTotal()).isZero();
    }

    /**
     * Async loggers take the caller's location only for an appender that requires it (and a logger whose
     * {@code includeLocation} is true, false by default in this mode): {@code includeLocation="true"} on
     * {@code <Logship>} requires it. A logger that leaves it out gets no location, and a status warning naming the fix.
     */
    @Test
    void theSourceLocationUnderAllAsyncLoggersWhenAskedFor() throws Exception {
        Log4j2CaptureTest.RecordingSink sink = new Log4j2CaptureTest.RecordingSink();
        AsyncLoggerContext context = new AsyncLoggerContext("location-async");
        Configuration config = new Volume.CodeConfiguration(context);
        context.start(config);
        LogshipAppender appender = LogshipAppender.newBuilder().setName("LOCATED").setSink(sink).setServiceName("svc")
                .setCompression("none").setFlushOnExit("false").setLossSummary("false").setIncludeLocation(true)
                .setConfiguration(config).build();
        appender.start();
        config.addAppender(appender);
        logger(config, appender, "located", "true");
        logger(config, appender, "unlocated", null); // Log4j2's default under async loggers: no location
        context.updateLoggers();
        List<String> warnings = new CopyOnWriteArrayList<>();
        StatusListener listener = new StatusListener() {
            @Override public void log(StatusData data) { warnings.add(data.getFormattedStatus()); }
            @Override public Level getStatusLevel() { return Level.WARN; }
            @Override public void close() { }
        };
        StatusLogger.getLogger().registerListener(listener);
        try {
            context.getLogger("located").info("located");
            context.getLogger("unlocated").info("unlocated");
            assertThat(context.stop(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            StatusLogger.getLogger().removeListener(listener);
        }

        List<Map<String, Object>> docs = sink.documents();
        Map<String, Object> located = docs.stream().filter(d -> "located".equals(d.get("message"))).findFirst().orElseThrow();
        assertThat(located).containsEntry("log.origin.function",
                AllAsyncLoggersTest.class.getName() + ".theSourceLocationUnderAllAsyncLoggersWhenAskedFor");
        assertThat(located).containsKey("log.origin.file.line");
        Map<String, Object> unlocated = docs.stream().filter(d -> "unlocated".equals(d.get("message"))).findFirst().orElseThrow();
        assertThat(unlocated).doesNotContainKey("log.origin.function");
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("'LOCATED'").contains("includeLocation=\"true\"")
                .contains("<Logger>"));
    }

    private static void logger(Configuration config, LogshipAppender appender, String name, String includeLocation) {
        LoggerConfig logger = LoggerConfig.newBuilder().withLoggerName(name).withLevel(Level.INFO).withAdditivity(false)
                .withIncludeLocation(includeLocation).withConfig(config).build();
        logger.addAppender(appender, null, null);
        config.addLogger(name, logger);
    }

    @Test
    void fourThreadsFlatOutIntoASmallRingWithBlockLoseNothing() throws Exception {
        Volume.CountingSink sink = new Volume.CountingSink(2);
        AsyncLoggerContext context = new AsyncLoggerContext("saturation-async");
        LogshipAppender appender = Volume.start(context, sink, "64", "BLOCK");
        Volume.log(context.getLogger("saturation"), 4, 10_000);
        assertThat(context.stop(120, TimeUnit.SECONDS)).isTrue();

        assertThat(sink.messages).hasSize(40_000);
        assertThat(appender.metrics().droppedTotal()).isZero();
        assertThat(appender.metrics().blocked()).as("logging calls that found the ring full and waited").isPositive();
    }
}
