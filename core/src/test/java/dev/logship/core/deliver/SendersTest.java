package dev.logship.core.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.logship.core.batch.BatchLimits;
import dev.logship.core.batch.Batcher;
import dev.logship.core.batch.LossSummary;
import dev.logship.core.compress.Compression;
import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.PipelineMetrics;
import dev.logship.core.encode.EncoderSettings;
import dev.logship.core.encode.EventEncoder;
import dev.logship.core.event.EventReader;
import dev.logship.core.event.LogEvent;
import dev.logship.core.event.SimpleLogEvent;
import dev.logship.core.internal.LogshipThreadFactory;
import dev.logship.core.testkit.FakeSink;
import dev.logship.core.testkit.RecordingDiagnostics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the senders do on their own: report losses once the sink answers (also when no event follows), outlive a missing class. */
class SendersTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeSink sink = new FakeSink();
    private final PipelineMetrics metrics = new PipelineMetrics();
    private final RecordingDiagnostics diagnostics = new RecordingDiagnostics();
    private final EventEncoder encoder = sink.encoder(new EncoderSettings("svc", "host", Map.of(), null, 0));
    private Deliverer deliverer;
    private Batcher<LogEvent> batcher;
    private long sequence;

    private void start(Duration summaryInterval) {
        deliverer = new Deliverer(sink, Compression.NONE, 2, new RetryPolicy(0, Duration.ofMillis(1),
                Duration.ofMillis(1)), 1 << 20, metrics, diagnostics, new LogshipThreadFactory("loss-test", "deliver", true));
        deliverer.reportLosses(new LossSummary(encoder, metrics, summaryInterval.toNanos()));
        deliverer.start();
        batcher = new Batcher<>(EventReader.identity(), encoder, deliverer,
                new BatchLimits(1, 1 << 20, TimeUnit.HOURS.toNanos(1), 1 << 20), metrics, diagnostics);
    }

    private void log(String message) {
        batcher.onEvent(SimpleLogEvent.builder().logger("app").thread("main").message(message).build(), null,
                sequence++, true);
    }

    private List<String> summaries() {
        return sink.deliveredDocuments().stream().filter(d -> LossSummary.LOGGER.equals(d.get("log.logger")))
                .map(d -> (String) d.get("message")).toList();
    }

    @AfterEach
    void stop() throws InterruptedException {
        sink.release();
        if (deliverer != null) {
            deliverer.stop(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        }
    }

    @Test
    void lossesAfterTheLastDeliveryAreReportedOnceTheIntervalPassesWithoutFurtherEvents() {
        start(Duration.ofMillis(200));
        metrics.dropped(DropReason.RING_FULL, 3);
        log("carries the first summary");
        await().atMost(WAIT).until(() -> summaries().size() == 1);
        assertThat(summaries().get(0)).startsWith("logship lost 3 events").contains("3 ring full");

        metrics.dropped(DropReason.REJECTED, 2); // no application event comes after these
        await().atMost(WAIT).until(() -> summaries().size() == 2);
        assertThat(summaries().get(1)).startsWith("logship lost 2 events").contains("2 rejected by sink");
        assertThat(metrics.snapshot().delivered()).isEqualTo(1);
    }

    @Test
    void aMissingClassWhileDetectingIsReportedWithTheLikelyCauseAndTheSendersLiveOn() {
        sink.detectThrows(new NoClassDefFoundError("org/apache/hc/core5/io/IOFunction"));
        start(Duration.ofSeconds(30));
        log("delivered although detection failed");
        await().atMost(WAIT).until(() -> metrics.snapshot().delivered() == 1);
        assertThat(diagnostics.errors).anySatisfy(error -> assertThat(error)
                .contains("IOFunction").contains("httpclient5 and httpcore5"));
    }

    @Test
    void anIdleSenderDoesNotReportWhileTheLastRequestFailed() {
        sink.script(FakeSink.Reply.ioFailure());
        start(Duration.ofMillis(1));
        log("lost: the sink is down and retries are off");
        await().atMost(WAIT).until(() -> metrics.snapshot().dropped(DropReason.DELIVERY_FAILED) == 1);
        int attempts = sink.attempts();

        log("delivered: the sink is back");
        await().atMost(WAIT).until(() -> summaries().size() == 1);
        assertThat(summaries().get(0)).startsWith("logship lost 1 event ");
        assertThat(sink.attempts()).isEqualTo(attempts + 2);
    }
}
