package dev.logship.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.logship.core.deliver.DeliveryResult;
import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.core.encode.EcsEncoder;
import dev.logship.core.encode.EncoderSettings;
import dev.logship.core.encode.EventEncoder;
import dev.logship.core.sink.Sink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
        SlowSink sink = new SlowSink(2); // a slow sink: the ring is full most of the time
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

        assertThat(sink.messages).hasSize(THREADS * PER_THREAD);
        assertThat(sink.documents.get()).isEqualTo(THREADS * PER_THREAD);
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

    /** Keeps each delivered document's message and takes {@code delayMillis} per batch. */
    private static final class SlowSink implements Sink {
        final Set<String> messages = ConcurrentHashMap.newKeySet();
        final AtomicLong documents = new AtomicLong();
        private final long delayMillis;

        SlowSink(long delayMillis) {
            this.delayMillis = delayMillis;
        }

        @Override
        public EventEncoder encoder(EncoderSettings settings) {
            EcsEncoder ecs = new EcsEncoder(settings);
            return (event, id, limits, out) -> {
                ecs.encode(event, id, limits, out);
                out.writeRaw('\n');
            };
        }

        @Override
        public DeliveryResult deliver(byte[] body, int length, String contentEncoding, int events) {
            for (String line : new String(body, 0, length, StandardCharsets.UTF_8).split("\n")) {
                int at = line.indexOf("\"message\":\"") + 11;
                messages.add(line.substring(at, line.indexOf('"', at)));
                documents.incrementAndGet();
            }
            try {
                Thread.sleep(delayMillis); // the sink's latency, not a wait for a condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return DeliveryResult.done(events, Map.of());
        }

        @Override
        public String describe() {
            return "slow sink";
        }

        @Override
        public void close() {
        }
    }
}
