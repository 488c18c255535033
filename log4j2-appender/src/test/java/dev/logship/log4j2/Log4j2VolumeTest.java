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

    @Test
    void fourThreadsFlatOutIntoASmallRingWithBlockLoseNothing() throws Exception {
        Volume.CountingSink sink = new Volume.CountingSink(2); // a slow sink: the ring is full most of the time
        context = new LoggerContext("saturation-sync");
        LogshipAppender appender = Volume.start(context, sink, "64", "BLOCK");
        Volume.log(context.getLogger("saturation"), 4, 10_000);
        assertThat(appender.flush(Duration.ofSeconds(120))).isTrue();

        assertThat(sink.messages).hasSize(40_000);
        assertThat(appender.metrics().droppedTotal()).isZero();
    }
}
