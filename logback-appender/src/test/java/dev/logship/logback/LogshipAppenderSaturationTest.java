package dev.logship.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.logship.core.diag.MetricsSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Four threads flat out into a small ring in front of a slow sink: with BLOCK the ring fills and nothing is lost. */
class LogshipAppenderSaturationTest {
    private static final int THREADS = 4;
    private static final int PER_THREAD = 10_000;

    private final LoggerContext context = new LoggerContext();

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void fourThreadsFlatOutIntoASmallRingWithBlockLoseNothing() throws InterruptedException {
        LogshipAppenderCaptureTest.RecordingSink sink = new LogshipAppenderCaptureTest.RecordingSink(2); // slow: the ring is full most of the time
        LogshipAppender appender = new LogshipAppender();
        appender.setContext(context);
        appender.setName("SATURATION");
        appender.setSink(sink);
        appender.setServiceName("svc");
        appender.setCompression("none");
        appender.setFlushOnExit("false");
        appender.setLossSummary("false");
        appender.setRingBufferSize("64");
        appender.setOverflowPolicy("BLOCK");
        appender.setMaxBlock("60s");
        appender.start();
        assertThat(appender.isStarted()).isTrue();
        Logger log = context.getLogger("saturation");
        log.addAppender(appender);

        logFlatOut(log);
        assertThat(appender.flush(Duration.ofSeconds(120))).isTrue();

        List<Map<String, Object>> documents = sink.documents();
        assertThat(documents).hasSize(THREADS * PER_THREAD);
        assertThat(documents.stream().map(doc -> doc.get("message")).distinct()).as("each event once")
                .hasSize(THREADS * PER_THREAD);
        MetricsSnapshot metrics = appender.metrics();
        assertThat(metrics.droppedTotal()).isZero();
        assertThat(metrics.blocked()).as("logging calls that found the ring full and waited").isPositive();
    }

    private static void logFlatOut(Logger log) throws InterruptedException {
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int worker = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < PER_THREAD; i++) {
                    log.info("w{}-{}", worker, i);
                }
            });
            producers.add(thread);
            thread.start();
        }
        for (Thread thread : producers) {
            thread.join();
        }
    }
}
