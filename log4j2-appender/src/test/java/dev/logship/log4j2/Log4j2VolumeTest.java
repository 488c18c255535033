package dev.logship.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Synchronous loggers: volume and saturation (AllAsyncLoggersTest runs the same with all loggers async). */
class Log4j2VolumeTest {
    private LoggerContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            Configurator.shutdown(context);
        }
    }

    @Test
    void oneHundredThousandEventsFromFourThreadsArriveOnceWithTheirFields() throws Exception {
        Volume.CountingSink sink = new Volume.CountingSink(0);
        context = new LoggerContext("volume-sync");
        LogshipAppender appender = Volume.start(context, sink, "16384", "BLOCK");
        Volume.log(context.getLogger("volume"), 4, 25_000);
        assertThat(appender.flush(Duration.ofSeconds(60))).isTrue();

        assertThat(sink.documents.get()).isEqualTo(100_000);
        assertThat(sink.messages).hasSize(100_000);
        assertThat(sink.withFields.get()).as("ThreadContext and map fields on every event").isEqualTo(100_000);
        assertThat(appender.metrics().droppedTotal()).isZero();
    }

    /** Mixed async: {@code <AsyncRoot>} (an AsyncLoggerConfig) in front of a synchronous context. */
    @Test
    void mixedAsyncLoggersDeliverEveryEventOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Volume.CountingSink sink = new Volume.CountingSink(0);
        java.nio.file.Path file = dir.resolve("log4j2.xml");
        java.nio.file.Files.writeString(file, "<Configuration status=\"WARN\"><Appenders><Logship name=\"MIXED\""
                + " flushOnExit=\"false\" lossSummary=\"false\" overflowPolicy=\"BLOCK\" maxBlock=\"60s\">"
                + "<Graylog url=\"http://127.0.0.1:9/gelf\"/></Logship></Appenders>"
                + "<Loggers><AsyncRoot level=\"INFO\"><AppenderRef ref=\"MIXED\"/></AsyncRoot></Loggers></Configuration>");
        // the file proves <AsyncRoot> works with <Logship>; the sink is swapped for the counting one in code
        context = Configurator.initialize("mixed-async", getClass().getClassLoader(), file.toUri());
        org.apache.logging.log4j.core.config.Configuration config = context.getConfiguration();
        LogshipAppender counting = LogshipAppender.newBuilder().setName("COUNT").setSink(sink).setServiceName("svc")
                .setCompression("none").setFlushOnExit("false").setLossSummary("false").setOverflowPolicy("BLOCK")
                .setMaxBlock("60s").setConfiguration(config).build();
        counting.start();
        config.addAppender(counting);
        org.apache.logging.log4j.core.config.LoggerConfig root = config.getRootLogger();
        assertThat(root).as("%s", root.getClass()).isInstanceOf(org.apache.logging.log4j.core.async.AsyncLoggerConfig.class);
        root.removeAppender("MIXED");
        root.addAppender(counting, null, null);
        context.updateLoggers();

        Volume.log(context.getLogger("mixed"), 4, 25_000);
        assertThat(context.stop(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue(); // drains the AsyncLoggerConfig queue
        counting.stop();
        context = null;

        assertThat(sink.documents.get()).isEqualTo(100_000);
        assertThat(sink.messages).hasSize(100_000);
        assertThat(sink.withFields.get()).isEqualTo(100_000);
    }

    @Test
    void fourThreadsFlatOutIntoASmallRingWithBlockLoseNothing() throws Exception {
        Volume.CountingSink sink = new Volume.CountingSink(2); // a slow sink: the ring is full most of the time
        context = new LoggerContext("saturation-sync");
        LogshipAppender appender = Volume.start(context, sink, "64", "BLOCK");
        Volume.log(context.getLogger("saturation"), 4, 10_000);
        assertThat(appender.flush(Duration.ofSeconds(120))).isTrue();

        assertThat(sink.messages).hasSize(40_000);
        assertThat(appender.metrics().droppedTotal()).isZero();
        assertThat(appender.metrics().blocked()).as("logging calls that found the ring full and waited").isPositive();
    }
}
