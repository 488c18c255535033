package dev.logship.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.logship.core.compress.Compression;
import dev.logship.core.deliver.Deliverer;
import dev.logship.core.deliver.RetryPolicy;
import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.PipelineMetrics;
import dev.logship.core.encode.EncoderSettings;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drives the batcher on the test thread, as the ring's consumer thread would; a fake sink answers. */
class BatcherTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeSink sink = new FakeSink();
    private final PipelineMetrics metrics = new PipelineMetrics();
    private final RecordingDiagnostics diagnostics = new RecordingDiagnostics();
    private Deliverer deliverer;
    private Batcher<LogEvent> batcher;
    private long sequence;

    private Batcher<LogEvent> batcher(int maxEvents, int maxBytes, long lingerNanos, int maxEventBytes) {
        return batcher(EventReader.identity(), new BatchLimits(maxEvents, maxBytes, lingerNanos, maxEventBytes));
    }

    private Batcher<LogEvent> batcher(EventReader<LogEvent> reader, BatchLimits limits) {
        deliverer = new Deliverer(sink, Compression.NONE, 2, new RetryPolicy(0, Duration.ofMillis(1),
                Duration.ofMillis(1)), limits.maxBytes(), metrics, diagnostics,
                new LogshipThreadFactory("batcher-test", "deliver", true));
        deliverer.start();
        batcher = new Batcher<>(reader, sink.encoder(new EncoderSettings("svc", "host", Map.of(), null, 0)),
                deliverer, limits, metrics, diagnostics);
        return batcher;
    }

    private static LogEvent event(String message) {
        return SimpleLogEvent.builder().logger("test").thread("main").message(message).build();
    }

    private void offer(LogEvent event, boolean endOfBatch) {
        batcher.onEvent(event, null, sequence++, endOfBatch);
    }

    private List<String> deliveredMessages() {
        return sink.deliveredDocuments().stream().map(d -> (String) d.get("message")).collect(Collectors.toList());
    }

    private List<Integer> batchSizes() {
        return sink.calls().stream().map(c -> c.documents().size()).sorted().collect(Collectors.toList());
    }

    @AfterEach
    void stop() throws InterruptedException {
        sink.release();
        if (deliverer != null) {
            deliverer.stop(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        }
    }

    @Test
    void cutsABatchAtMaxEvents() {
        batcher(3, 1 << 20, HOUR, 1 << 20);

        for (int i = 0; i < 7; i++) {
            offer(event("m" + i), i == 6);
        }

        await().atMost(WAIT).until(() -> metrics.snapshot().delivered() == 6);
        assertThat(sink.calls()).hasSize(2).allSatisfy(c -> assertThat(c.events()).isEqualTo(3));
        batcher.onShutdown();
        await().atMost(WAIT).until(() -> metrics.snapshot().delivered() == 7);
        assertThat(batchSizes()).containsExactly(1, 3, 3);
        assertThat(deliveredMessages()).containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4", "m5", "m6");
    }

    @Test
    void endOfBatchAloneDoesNotCutBeforeLinger() {
        batcher(100, 1 << 20, HOUR, 1 << 20);

        offer(event("a"), true);
        batcher.onIdle(sequence - 1);

        assertThat(deliverer.inFlight()).isZero();
        assertThat(sink.attempts()).isZero();
    }

    @Test
    void lingerCutsAPartialBatch() {
        batcher(100, 1 << 20, TimeUnit.MILLISECONDS.toNanos(20), 1 << 20);
        offer(event("a"), false);
        offer(event("b"), true);

        await().atMost(WAIT).pollInSameThread().until(() -> {
            batcher.onIdle(sequence - 1);
            return metrics.snapshot().delivered() == 2;
        });
        assertThat(sink.calls()).singleElement().satisfies(c -> assertThat(c.events()).isEqualTo(2));
    }

    @Test
    void aFlushRequestCutsWithoutWaitingForLinger() {
        batcher(100, 1 << 20, HOUR, 1 << 20);
        offer(event("a"), false);
        offer(event("b"), true);

        batcher.requestFlush(sequence - 1);
        batcher.onIdle(sequence - 1);

        await().atMost(WAIT).until(() -> metrics.snapshot().delivered() == 2);
        assertThat(deliveredMessages()).containsExactly("a", "b");
    }

    @Test
    void cutsAtMaxBytesAndNeverExceedsItWithMoreThanOneEvent() {
        int maxBytes = 2048;
        batcher(1000, maxBytes, HOUR, 1 << 20);

        for (int i = 0; i < 40; i++) {
            offer(event("message " + i + " " + "x".repeat(i * 13 % 400)), false);
        }
        offer(event("big " + "y".repeat(3000)), false);
        offer(event("after big"), false);
        batcher.onShutdown();

        await().atMost(WAIT).until(() -> metrics.snapshot().delivered() == 42);
        List<FakeSink.Call> calls = sink.calls();
        assertThat(calls).hasSizeGreaterThan(5);
        for (FakeSink.Call call : calls) {
            assertThat(call.documents()).hasSize(call.events());
            if (call.body().length > maxBytes) {
                assertThat(call.events()).as("an oversized batch holds one event").isEqualTo(1);
            }
        }
        assertThat(calls).anySatisfy(c -> assertThat(c.body().length).isGreaterThan(maxBytes));
        assertThat(deliveredMessages()).hasSize(42).contains("after big");
    }

    @Test
    void truncatesAnEventOverMaxEventBytesAndMarksIt() {
        batcher(100, 1 << 20, HOUR, 4096);

        offer(event("z".repeat(10_000)), false);
        offer(event("small"), false);
        batcher.onShutdown();

        await().atMost(WAIT).until(() -> metrics.snapshot().delivered() == 2);
        Map<String, Object> big = sink.deliveredDocuments().get(0);
        assertThat(big).containsEntry("logship.truncated", true).containsEntry("message", "z".repeat(1024));
        assertThat(sink.deliveredDocuments().get(1)).doesNotContainKey("logship.truncated");
        assertThat(metrics.snapshot().truncated()).isEqualTo(1);
    }

    @Test
    void anEventWithHugeFieldsFallsBackToTheMinimalForm() {
        batcher(100, 1 << 20, HOUR, 4096);
        SimpleLogEvent.Builder wide = SimpleLogEvent.builder().logger("test").message("wide");
        for (int i = 0; i < 100; i++) {
            wide.mdc("key" + i, "v".repeat(200));
        }

        offer(wide.build(), false);
        batcher.onShutdown();

        await().atMost(WAIT).until(() -> metrics.snapshot().delivered() == 1);
        Map<String, Object> doc = sink.deliveredDocuments().get(0);
        assertThat(doc).containsEntry("logship.truncated", true).containsEntry("message", "wide")
                .doesNotContainKey("labels.key0");
        assertThat(sink.calls().get(0).body().length).isLessThan(4096 + 200);
        assertThat(metrics.snapshot().truncated()).isEqualTo(1);
    }

    @Test
    void anEventThatCannotBeReadIsDroppedAndCountedAndTheRestGoOn() {
        EventReader<LogEvent> reader = (captured, attachment) -> {
            if ("poison".equals(captured.message())) {
                throw new IllegalStateException("cannot read");
            }
            return captured;
        };
        batcher(reader, new BatchLimits(100, 1 << 20, HOUR, 1 << 20));

        offer(event("before"), false);
        offer(event("poison"), false);
        offer(event("after"), false);
        batcher.onShutdown();

        await().atMost(WAIT).until(() -> metrics.snapshot().delivered() == 2);
        assertThat(deliveredMessages()).containsExactly("before", "after");
        assertThat(metrics.dropped(DropReason.ENCODE_FAILED)).isEqualTo(1);
        assertThat(diagnostics.warnings).anySatisfy(w -> assertThat(w).contains("could not be encoded"));
    }

    @Test
    void anEventWhoseMdcThrowsIsStillShippedInItsMinimalForm() {
        batcher(100, 1 << 20, HOUR, 1 << 20);
        LogEvent normal = event("mdc explodes");
        LogEvent hostile = new ForwardingEvent(normal) {
            @Override
            public Map<String, String> mdc() {
                throw new UnsupportedOperationException("mdc gone");
            }
        };

        offer(hostile, false);
        offer(event("next"), false);
        batcher.onShutdown();

        await().atMost(WAIT).until(() -> metrics.snapshot().delivered() == 2);
        assertThat(sink.deliveredDocuments().get(0)).containsEntry("message", "mdc explodes")
                .containsEntry("logship.truncated", true);
        assertThat(metrics.dropped(DropReason.ENCODE_FAILED)).isZero();
    }

    /** Delegates every accessor; subclasses override the one that misbehaves. */
    private static class ForwardingEvent implements LogEvent {
        private final LogEvent d;

        ForwardingEvent(LogEvent delegate) {
            this.d = delegate;
        }

        @Override public long epochSecond() { return d.epochSecond(); }
        @Override public int nanoOfSecond() { return d.nanoOfSecond(); }
        @Override public dev.logship.core.event.Level level() { return d.level(); }
        @Override public String loggerName() { return d.loggerName(); }
        @Override public String threadName() { return d.threadName(); }
        @Override public CharSequence message() { return d.message(); }
        @Override public Map<String, String> mdc() { return d.mdc(); }
        @Override public int keyValueCount() { return d.keyValueCount(); }
        @Override public String keyValueKey(int index) { return d.keyValueKey(index); }
        @Override public Object keyValueValue(int index) { return d.keyValueValue(index); }
        @Override public int tagCount() { return d.tagCount(); }
        @Override public String tag(int index) { return d.tag(index); }
        @Override public Throwable throwable() { return d.throwable(); }
    }
}
