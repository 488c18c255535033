package dev.logship.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.logship.core.compress.Compression;
import dev.logship.core.deliver.DeliveryResult;
import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.core.event.EventReader;
import dev.logship.core.event.LogEvent;
import dev.logship.core.event.SimpleLogEvent;
import dev.logship.core.spill.FsyncPolicy;
import dev.logship.core.spill.SpillMode;
import dev.logship.core.testkit.FakeSink;
import dev.logship.core.testkit.FakeSink.Reply;
import dev.logship.core.testkit.RecordingDiagnostics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline with a spill store, on a fake sink that goes down and comes back. */
class SpillPipelineTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path spool;

    private final RecordingDiagnostics diagnostics = new RecordingDiagnostics();
    private final List<Pipeline<LogEvent>> started = new ArrayList<>();

    private PipelineConfig.Builder config(FakeSink sink) {
        return PipelineConfig.builder()
                .name("spill-test-" + NAMES.incrementAndGet())
                .sink(sink)
                .shutdownHook(false)
                .diagnostics(diagnostics)
                .compression(Compression.NONE)
                .hostName("test-host")
                .serviceName("svc")
                .ringBufferSize(1024)
                .overflowPolicy(dev.logship.core.buffer.OverflowPolicy.BLOCK)
                .maxBlock(Duration.ofSeconds(10))
                .batchMaxEvents(100)
                .batchLinger(Duration.ofMillis(20))
                .maxRetries(1)
                .initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(50))
                .shutdownTimeout(Duration.ofSeconds(2))
                .spillDirectory(spool);
    }

    private Pipeline<LogEvent> start(PipelineConfig.Builder builder) {
        Pipeline<LogEvent> pipeline = Pipeline.start(builder.build(), EventReader.identity());
        started.add(pipeline);
        return pipeline;
    }

    @AfterEach
    void stopAll() {
        started.forEach(Pipeline::stop);
        assertThat(diagnostics.errors).isEmpty();
    }

    private static void offer(Pipeline<LogEvent> pipeline, int from, int to) {
        for (int i = from; i < to; i++) {
            assertThat(pipeline.offer(SimpleLogEvent.builder().logger("test").thread("main").message("m" + i).build()))
                    .as("offer %d", i).isTrue();
        }
    }

    /** Application messages delivered, each counted once per delivery. */
    private static List<String> delivered(FakeSink sink) {
        List<String> messages = new ArrayList<>();
        for (Map<String, Object> document : sink.deliveredDocuments()) {
            if (!"dev.logship".equals(document.get("log.logger"))) {
                messages.add((String) document.get("message"));
            }
        }
        return messages;
    }

    private static Set<String> expected(int count) {
        Set<String> all = new HashSet<>();
        for (int i = 0; i < count; i++) {
            all.add("m" + i);
        }
        return all;
    }

    private static void assertBalanced(MetricsSnapshot m) {
        assertThat(m.received()).as("received == delivered + spilled + dropped after accept - dropped from store: %s", m)
                .isEqualTo(m.delivered() + m.spilled() + m.droppedAfterAccept() - m.droppedFromStore());
    }

    @Test
    void whileTheSinkIsDownBatchesGoToDiskAndAreReplayedWhenItIsBack() {
        FakeSink sink = new FakeSink().always(Reply.ioFailure());
        Pipeline<LogEvent> pipeline = start(config(sink));
        offer(pipeline, 0, 5000);
        await().atMost(WAIT).until(() -> pipeline.metrics().spilled() == 5000);
        assertThat(pipeline.metrics().spillEvents()).isEqualTo(5000);
        assertThat(pipeline.metrics().spillBytes()).isPositive();

        sink.always(Reply.delivered());
        await().atMost(WAIT).until(() -> pipeline.metrics().replayed() == 5000);
        MetricsSnapshot m = pipeline.metrics();
        assertThat(m.droppedAfterAccept()).isZero();
        assertThat(m.spillEvents()).isZero();
        assertBalanced(m);
        List<String> messages = delivered(sink);
        assertThat(new HashSet<>(messages)).isEqualTo(expected(5000));
        assertThat(messages).hasSize(5000);
        assertThat(diagnostics.infos).anyMatch(s -> s.contains("recovered after"));
    }

    @Test
    void whatShutdownCannotDeliverIsSpilledAndTheNextRunReplaysIt() {
        FakeSink down = new FakeSink();
        down.hold(); // every request hangs until the sink is closed at the shutdown deadline
        Pipeline<LogEvent> first = start(config(down).shutdownTimeout(Duration.ofMillis(500)));
        offer(first, 0, 3000);
        first.stop();
        MetricsSnapshot m = first.metrics();
        assertThat(m.spilled()).as("%s %s", m, diagnostics.warnings).isEqualTo(3000);
        assertThat(m.droppedTotal()).isZero();
        assertThat(m.spillErrors()).isZero();
        assertThat(m.deliveryLatencyCount()).as("spilled batches have no delivery latency").isZero();
        assertBalanced(m);

        FakeSink up = new FakeSink();
        Pipeline<LogEvent> second = start(config(up));
        await().atMost(WAIT).until(() -> second.metrics().replayed() == 3000);
        assertThat(new HashSet<>(delivered(up))).isEqualTo(expected(3000));
        assertThat(delivered(up)).hasSize(3000);
        assertThat(diagnostics.infos).anyMatch(s -> s.contains("holds 3000 events from an earlier run"));
    }

    @Test
    void aSinkThatRefusesTheRequestKeepsTheBacklogOnDiskUntilItAcceptsAgain() {
        FakeSink sink = new FakeSink().always(Reply.ioFailure());
        Pipeline<LogEvent> pipeline = start(config(sink));
        offer(pipeline, 0, 1000);
        await().atMost(WAIT).until(() -> pipeline.metrics().spilled() == 1000);

        // the cluster answers again, but refuses the requests (an expired API key, say): nothing is thrown away
        sink.always(events -> dev.logship.core.deliver.DeliveryResult.failed("401 unauthorized (fake)"));
        int refusals = sink.attempts();
        await().atMost(WAIT).until(() -> sink.attempts() > refusals + 3);
        assertThat(pipeline.metrics().spillEvents()).isEqualTo(1000);
        assertThat(pipeline.metrics().droppedAfterAccept()).isZero();

        sink.always(Reply.delivered());
        await().atMost(WAIT).until(() -> pipeline.metrics().replayed() == 1000);
        assertThat(new HashSet<>(delivered(sink))).isEqualTo(expected(1000));
        assertThat(pipeline.metrics().droppedTotal()).isZero();
    }

    @Test
    void theBacklogFollowsAsSoonAsALiveBatchGetsThroughRatherThanAfterItsBackoff() {
        FakeSink sink = new FakeSink().always(events -> dev.logship.core.deliver.DeliveryResult.retry(0, java.util.Map.of(),
                null, "503 unavailable (fake)"));
        Pipeline<LogEvent> pipeline = start(config(sink).maxRetries(0).initialBackoff(Duration.ofMinutes(10))
                .maxBackoff(Duration.ofMinutes(10)));
        offer(pipeline, 0, 500);
        await().atMost(WAIT).until(() -> pipeline.metrics().spilled() == 500);
        // the replayer tried too and failed: it now backs off for ten minutes
        await().atMost(WAIT).until(() -> sink.calls().stream().anyMatch(c -> c.thread().getName().contains("replay")));

        sink.always(Reply.delivered());
        offer(pipeline, 500, 501); // a live event gets through: the sink is back
        await().atMost(WAIT).until(() -> pipeline.metrics().replayed() == 500);
        assertThat(new HashSet<>(delivered(sink))).isEqualTo(expected(501));
    }

    @Test
    void liveEventsTheSinkRefusesWaitInTheStoreUntilItAcceptsThem() {
        FakeSink sink = new FakeSink().always(events -> dev.logship.core.deliver.DeliveryResult.failed("401 unauthorized (fake)"));
        Pipeline<LogEvent> pipeline = start(config(sink));
        offer(pipeline, 0, 500);
        await().atMost(WAIT).until(() -> pipeline.metrics().spilled() == 500);
        assertThat(pipeline.metrics().droppedAfterAccept()).isZero();

        sink.always(Reply.delivered());
        await().atMost(WAIT).until(() -> pipeline.metrics().replayed() == 500);
        assertThat(new HashSet<>(delivered(sink))).isEqualTo(expected(500));
        assertThat(pipeline.metrics().droppedTotal()).isZero();
    }

    @Test
    void writeAheadSendsEveryBatchThroughTheStore() {
        FakeSink sink = new FakeSink();
        Pipeline<LogEvent> pipeline = start(config(sink).spillMode(SpillMode.WRITE_AHEAD).spillFsync(FsyncPolicy.ALWAYS));
        offer(pipeline, 0, 2000);
        await().atMost(WAIT).until(() -> pipeline.metrics().replayed() == 2000);
        MetricsSnapshot m = pipeline.metrics();
        assertThat(m.spilled()).isEqualTo(2000);
        assertThat(m.delivered()).as("nothing bypasses the store").isZero();
        assertThat(m.deliveryLatencyCount()).as("replayed batches have no delivery latency (live batches only)").isZero();
        assertThat(new HashSet<>(delivered(sink))).isEqualTo(expected(2000));
    }

    @Test
    void atTheCapTheOldestAreDroppedCountedAndReportedInASummaryEvent() {
        FakeSink sink = new FakeSink().always(Reply.ioFailure());
        Pipeline<LogEvent> pipeline = start(config(sink).spillMaxSize(64 * 1024));
        offer(pipeline, 0, 20_000);
        await().atMost(WAIT).until(() -> {
            MetricsSnapshot m = pipeline.metrics();
            return m.spilled() + m.droppedAfterAccept() - m.droppedFromStore() == 20_000;
        });
        long droppedFull = pipeline.metrics().dropped(DropReason.SPILL_FULL);
        assertThat(droppedFull).isPositive();

        sink.always(Reply.delivered());
        await().atMost(WAIT).until(() -> pipeline.metrics().spillEvents() == 0);
        MetricsSnapshot m = pipeline.metrics();
        assertBalanced(m);
        assertThat(m.replayed() + m.dropped(DropReason.SPILL_FULL)).as("%s", m).isEqualTo(20_000);
        assertThat(new HashSet<>(delivered(sink))).hasSize((int) m.replayed());
        assertThat(delivered(sink)).as("the newest are kept").contains("m19999");

        await().atMost(WAIT).until(() -> summaries(sink).size() == 1);
        Map<String, Object> summary = summaries(sink).get(0);
        assertThat(summary.get("log.level")).isEqualTo("WARN");
        assertThat((String) summary.get("message")).startsWith("logship lost " + m.dropped(DropReason.SPILL_FULL)
                + " events between ").contains(m.dropped(DropReason.SPILL_FULL) + " spill full");
    }

    private static List<Map<String, Object>> summaries(FakeSink sink) {
        return sink.deliveredDocuments().stream().filter(d -> "dev.logship".equals(d.get("log.logger"))).toList();
    }

    @Test
    void aSecondPipelineOnTheSameDirectoryDoesNotStart() {
        start(config(new FakeSink()));
        assertThatThrownBy(() -> start(config(new FakeSink()))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("spill.directory '" + spool + "' is already used by another logship appender");
    }

    @Test
    void deadLettersGoNextToTheSpillSegmentsByDefault() {
        assertThat(config(new FakeSink()).build().deadLetterFile()).isEqualTo(spool.resolve("dead-letter.ndjson"));
        assertThat(config(new FakeSink()).deadLetterFile(spool.resolve("elsewhere.ndjson")).build().deadLetterFile())
                .isEqualTo(spool.resolve("elsewhere.ndjson"));
    }

    // ------------------------------------------------------------------ replay beside live traffic

    @Test
    void freshEventsAreDeliveredLongBeforeARateBoundedBacklogIsDone() {
        FakeSink sink = new FakeSink().always(Reply.ioFailure());
        Pipeline<LogEvent> pipeline = start(config(sink).spillReplayRate(250));
        offer(pipeline, 0, 2000);
        await().atMost(WAIT).until(() -> pipeline.metrics().spilled() == 2000);

        sink.always(Reply.delivered());
        await().atMost(WAIT).until(() -> pipeline.metrics().replayed() > 0); // the sink is known to answer again
        offer(pipeline, 2000, 2100);
        await().atMost(WAIT).until(() -> delivered(sink).containsAll(expected(2000, 2100)));

        // at 250 events/s the backlog of 2000 takes 8 s; the fresh events did not wait behind it
        MetricsSnapshot m = pipeline.metrics();
        assertThat(m.spillEvents()).as("backlog still waiting when the fresh events were in: %s", m)
                .isGreaterThanOrEqualTo(1000);
        assertThat(m.delivered()).as("the fresh events went live, not through the store").isEqualTo(100);
    }

    @Test
    void replayNeverExceedsItsRate() throws Exception {
        int rate = 500;
        FakeSink sink = new FakeSink().always(Reply.ioFailure());
        Pipeline<LogEvent> pipeline = start(config(sink).spillReplayRate(rate));
        offer(pipeline, 0, 2000);
        await().atMost(WAIT).until(() -> pipeline.metrics().spilled() == 2000);
        Thread.sleep(1500); // time that must pass: a token bucket left to fill during the outage would burst now

        List<long[]> samples = new java.util.concurrent.CopyOnWriteArrayList<>();
        sink.always(Reply.delivered());
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> {
            long replayed = pipeline.metrics().replayed(); // read before the time: a sample never counts later events
            samples.add(new long[] {System.nanoTime(), replayed});
            return replayed == 2000;
        });

        // every window between two samples: replayed ≤ rate × elapsed + one batch (100 events), allowing each record
        // 100 ms from its token check to being counted (decompress, compress, send)
        long allowanceNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);
        for (int i = 0; i < samples.size(); i++) {
            for (int j = i + 1; j < samples.size(); j++) {
                double elapsed = (samples.get(j)[0] - samples.get(i)[0] + allowanceNanos) / 1e9;
                long replayed = samples.get(j)[1] - samples.get(i)[1];
                assertThat((double) replayed).as("replayed between samples %d and %d (%.3f s)", i, j, elapsed)
                        .isLessThanOrEqualTo(rate * elapsed + 100);
            }
        }
        assertThat(new HashSet<>(delivered(sink))).isEqualTo(expected(2000));
        assertThat(delivered(sink)).hasSize(2000);
    }

    private static Set<String> expected(int from, int to) {
        Set<String> all = new HashSet<>();
        for (int i = from; i < to; i++) {
            all.add("m" + i);
        }
        return all;
    }

    @Test
    void whileTheSinkIsKnownDownNewBatchesGoStraightToDiskAndDeliveryResumesWhenItIsBack() {
        FakeSink sink = new FakeSink().always(Reply.ioFailure());
        // four senders, each retrying in memory for minutes: free senders must not take new batches while it is down
        Pipeline<LogEvent> pipeline = start(config(sink).maxInFlight(4).maxRetries(1000)
                .initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(200)));
        offer(pipeline, 0, 100); // one batch: it probes the sink, failing
        await().atMost(WAIT).until(() -> sink.attempts() >= 2);

        offer(pipeline, 100, 400);
        await().atMost(WAIT).until(() -> pipeline.metrics().spilled() == 300);
        assertThat(pipeline.metrics().inFlight()).as("only the probe retries in memory").isOne();

        sink.always(Reply.delivered());
        await().atMost(WAIT).until(() -> pipeline.metrics().replayed() == 300);
        offer(pipeline, 400, 500);
        await().atMost(WAIT).until(() -> pipeline.metrics().delivered() == 200); // the probe and the fresh batch, live
        List<String> messages = delivered(sink);
        assertThat(new HashSet<>(messages)).isEqualTo(expected(500));
        assertThat(messages).as("nothing delivered twice").hasSize(500);
        assertBalanced(pipeline.metrics());
    }

    @Test
    void whenTheReplayerGetsThroughFirstTheProbingBatchFollowsRatherThanAfterItsBackoff() {
        FakeSink sink = new FakeSink().script(Reply.ioFailure()); // the first request finds the sink down, then it is back
        Pipeline<LogEvent> pipeline = start(config(sink).maxInFlight(4).maxRetries(5)
                .initialBackoff(Duration.ofMinutes(10)).maxBackoff(Duration.ofMinutes(10)));
        offer(pipeline, 0, 100); // the probe: it fails and backs off for five to ten minutes
        await().atMost(WAIT).until(() -> pipeline.metrics().retried() == 1);

        offer(pipeline, 100, 200); // spilled at once, then replayed: the replayer gets through first
        await().atMost(WAIT).until(() -> pipeline.metrics().replayed() == 100);
        await().atMost(WAIT).until(() -> pipeline.metrics().delivered() == 100);
        List<String> messages = delivered(sink);
        assertThat(new HashSet<>(messages)).isEqualTo(expected(200));
        assertThat(messages).as("nothing delivered twice").hasSize(200);
    }

    /** Application messages the sink took, the delivered items of a partly throttled bulk reply included. */
    private static List<String> taken(FakeSink sink) {
        List<String> messages = new ArrayList<>();
        for (FakeSink.Call call : sink.calls()) {
            DeliveryResult result = call.result();
            Set<Integer> again = new HashSet<>();
            if (result.outcome() == DeliveryResult.Outcome.RETRY && result.retryItems() != null) {
                java.util.Arrays.stream(result.retryItems()).forEach(again::add);
            } else if (result.outcome() != DeliveryResult.Outcome.DONE) {
                continue;
            }
            List<Map<String, Object>> documents = call.documents();
            for (int i = 0; i < documents.size(); i++) {
                if (!again.contains(i) && !"dev.logship".equals(documents.get(i).get("log.logger"))) {
                    messages.add((String) documents.get(i).get("message"));
                }
            }
        }
        return messages;
    }

    /** Blocks the calls it is asked to until released; counts the calls it holds. */
    private static final class Holder {
        final java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        final AtomicInteger held = new AtomicInteger();

        void hold() throws java.io.InterruptedIOException {
            held.incrementAndGet();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while held (test)");
            }
        }
    }

    @Test
    void aSinkThatThrottlesAFewItemsOfEachBulkIsAnsweringSoLiveBatchesStayOffTheDisk() {
        Holder retries = new Holder();
        // every bulk of more than 10 events: every tenth item 429, the rest 201, as Elasticsearch answers under load;
        // the retry of the throttled items is delivered, once the test lets it through
        FakeSink sink = new FakeSink().always(events -> {
            if (events <= 10) {
                retries.hold();
                return DeliveryResult.done(events, Map.of());
            }
            int[] again = java.util.stream.IntStream.range(0, events).filter(i -> i % 10 == 0).toArray();
            return DeliveryResult.retryItems(events - again.length, Map.of(), again, null,
                    again.length + " of " + events + " items to retry, first: 429 es_rejected_execution_exception (fake)");
        });
        // eight senders for at most six batches: none is ever spilled because every sender is busy
        Pipeline<LogEvent> pipeline = start(config(sink).maxInFlight(8).maxRetries(5).batchLinger(Duration.ofMillis(500)));
        for (int batch = 0; batch < 3; batch++) {
            offer(pipeline, batch * 100, batch * 100 + 100);
            int batches = batch + 1; // its throttled items wait in the sink, the batch in flight
            await().atMost(WAIT).until(() -> retries.held.get() >= batches || pipeline.metrics().spilled() > 0);
        }
        assertThat(pipeline.metrics().spilled()).as("spilled while the sink answers: %s", pipeline.metrics()).isZero();

        retries.gate.countDown();
        await().atMost(WAIT).until(() -> pipeline.metrics().delivered() == 300);
        List<String> messages = taken(sink);
        assertThat(new HashSet<>(messages)).isEqualTo(expected(300));
        assertThat(messages).as("nothing delivered twice").hasSize(300);
        assertThat(pipeline.metrics().spilled()).isZero();
        assertBalanced(pipeline.metrics());
    }

    @Test
    void theReplayersFailuresAloneDoNotSendLiveBatchesToDisk() {
        Holder live = new Holder();
        java.util.concurrent.atomic.AtomicBoolean holdLive = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean backlogTaken = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicInteger replayCalls = new AtomicInteger();
        FakeSink sink = new FakeSink().always(Reply.ioFailure());
        Pipeline<LogEvent> pipeline = start(config(sink).maxInFlight(4).maxRetries(0).batchLinger(Duration.ofMillis(500)));
        offer(pipeline, 0, 100); // the sink is down: this batch is spilled
        await().atMost(WAIT).until(() -> pipeline.metrics().spilled() == 100);

        // the sink is back for live requests, but keeps failing the replayer's (a backlog record it will not take yet)
        sink.always(events -> {
            if (Thread.currentThread().getName().contains("replay")) {
                replayCalls.incrementAndGet();
                return backlogTaken.get() ? DeliveryResult.done(events, Map.of())
                        : DeliveryResult.retry(0, Map.of(), null, "503 unavailable (fake)");
            }
            if (holdLive.get()) {
                live.hold();
            }
            return DeliveryResult.done(events, Map.of());
        });
        offer(pipeline, 100, 200); // nothing in flight: a sender takes it, and the sink answers
        await().atMost(WAIT).until(() -> pipeline.metrics().delivered() == 100);
        int before = replayCalls.get();
        await().atMost(WAIT).until(() -> replayCalls.get() > before + 1); // the replayer failed after that success

        holdLive.set(true);
        offer(pipeline, 200, 300);
        await().atMost(WAIT).until(() -> live.held.get() == 1);
        offer(pipeline, 300, 400); // a batch is in flight and the replayer's last request failed: still not a reason
        await().atMost(WAIT).until(() -> live.held.get() == 2 || pipeline.metrics().spilled() > 100);
        assertThat(pipeline.metrics().spilled()).as("only the batch cut while the sink was down: %s", pipeline.metrics())
                .isEqualTo(100);

        live.gate.countDown();
        backlogTaken.set(true);
        await().atMost(WAIT).until(() -> pipeline.metrics().replayed() == 100 && pipeline.metrics().delivered() == 300);
        List<String> messages = delivered(sink);
        assertThat(new HashSet<>(messages)).isEqualTo(expected(400));
        assertThat(messages).as("nothing delivered twice").hasSize(400);
        assertBalanced(pipeline.metrics());
    }

    @Test
    void dropNewestKeepsTheOldestAndTheCountsAddUpExactly() {
        FakeSink sink = new FakeSink().always(Reply.ioFailure());
        Pipeline<LogEvent> pipeline = start(config(sink).spillMaxSize(64 * 1024)
                .spillDropPolicy(dev.logship.core.spill.SpillDropPolicy.DROP_NEWEST));
        int logged = 20_000;
        offer(pipeline, 0, logged);
        await().atMost(WAIT).until(() -> {
            MetricsSnapshot m = pipeline.metrics();
            return m.spilled() + m.droppedAfterAccept() - m.droppedFromStore() == logged;
        });
        long dropped = pipeline.metrics().dropped(DropReason.SPILL_FULL);
        assertThat(dropped).isPositive();

        sink.always(Reply.delivered());
        await().atMost(WAIT).until(() -> pipeline.metrics().spillEvents() == 0);
        MetricsSnapshot m = pipeline.metrics();
        List<String> messages = delivered(sink);
        assertThat(messages).as("nothing delivered twice").hasSameSizeAs(new HashSet<>(messages));
        assertThat(m.droppedTotal()).as("every loss is the cap's: %s", m).isEqualTo(m.dropped(DropReason.SPILL_FULL))
                .isEqualTo(dropped);
        assertThat(messages.size() + dropped).as("logged = delivered + dropped (spill full): %s", m).isEqualTo(logged);
        assertThat(m.delivered() + m.replayed()).isEqualTo(messages.size());
        assertThat(messages).as("the oldest are kept").contains("m0", "m1", "m99");
        assertBalanced(m);
    }
}
