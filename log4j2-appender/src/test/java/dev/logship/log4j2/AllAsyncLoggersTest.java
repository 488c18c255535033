package dev.logship.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
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

    @Test
    void fourThreadsFlatOutIntoASmallRingWithBlockLoseNothing() throws Exception {
        Volume.CountingSink sink = new Volume.CountingSink(2);
        AsyncLoggerContext context = new AsyncLoggerContext("saturation-async");
        LogshipAppender appender = Volume.start(context, sink, "64", "BLOCK");
        Volume.log(context.getLogger("saturation"), 4, 10_000);
        assertThat(context.stop(120, TimeUnit.SECONDS)).isTrue();

        assertThat(sink.messages).hasSize(40_000);
        assertThat(appender.metrics().droppedTotal()).isZero();
    }
}
