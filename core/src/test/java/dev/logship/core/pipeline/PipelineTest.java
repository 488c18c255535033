package dev.logship.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.logship.core.buffer.OverflowPolicy;
import dev.logship.core.compress.Compression;
import dev.logship.core.deliver.DeliveryResult;
import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.core.event.EventReader;
import dev.logship.core.event.LogEvent;
import dev.logship.core.event.SimpleLogEvent;
import dev.logship.core.testkit.FakeSink;
import dev.logship.core.testkit.FakeSink.Reply;
import dev.logship.core.testkit.RecordingDiagnostics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelineTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration FLUSH = Duration.ofSeconds(15);

    private final FakeSink sink = new FakeSink();
    private final RecordingDiagnostics diagnostics = new RecordingDiagnostics();
    private Pipeline<LogEvent> pipeline;

    /**
     * A pipeline on the fake sink that cuts batches only at maxEvents, maxBytes or a flush. Without the loss
     * summary event (SpillPipelineTest covers it), so that these tests see only the calls they cause.
     */
    private PipelineConfig.Builder config() {
        return PipelineConfig.builder()
                .lossSummary(false)
                .name("pipeline-test-" + NAMES.incrementAndGet())
                .sink(sink)
                .shutdownHook(false)
                .diagnostics(diagnostics)
                .compression(Compression.NONE)
                .hostName("test-host")
                .serviceName("svc")
                .ringBufferSize(1024)
                .batchLinger(Duration.ofHours(1))
                .initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(20))
                .shutdownTimeout(Duration.ofSeconds(2));
    }

    private Pipeline<LogEvent> start(PipelineConfig.Builder builder) {
        pipeline = Pipeline.start(builder.build(), EventReader.identity());
        return pipeline;
    }

    private static LogEvent event(String message) {
        return SimpleLogEvent.builder().logger("test").thread("main").message(message).build();
    }

    private void offerAll(int count) {
        for (int i = 0; i < count; i++) {
            assertThat(pipeline.offer(event("m" + i))).as("offer %d", i).isTrue();
        }
    }

    /**
     * Offers and waits until the encode thread has taken every event, so that a following flush cuts
     * the rest as one batch (a flush racing the encode thread may cut twice).
     */
    private void offerAllAndAwaitEncoded(int count) {
        offerAll(count);
        await().atMost(WAIT).until(() -> pipeline.metrics().encoded() == count);
    }

    private List<String> deliveredMessages() {
        return sink.deliveredDocuments().stream().map(d -> (String) d.get("message")).collect(Collectors.toList());
    }

    private static List<String> messages(int count) {
        return IntStream.range(0, count).mapToObj(i -> "m" + i).collect(Collectors.toList());
    }

    private void assertSettled() {
        MetricsSnapshot m = pipeline.metrics();
        assertThat(m.received()).as("received == delivered + dropped after accept: %s", m)
                .isEqualTo(m.delivered() + m.droppedAfterAccept());
    }

    @AfterEach
    void stop() {
        sink.release();
        if (pipeline != null) {
            pipeline.stop();
        }
        assertThat(diagnostics.errors).isEmpty();
    }

    @Test
    void autoCompressionUsesZstdForOpenSearch() {
        sink.server(new dev.logship.core.sink.ServerInfo("opensearch", "2.19.1"));
        start(config().compression(Compression.AUTO));

        offerAll(3);

        assertThat(pipeline.flush(FLUSH)).isTrue();
        assertThat(sink.calls()).allSatisfy(c -> assertThat(c.contentEncoding()).isEqualTo("zstd"));
        assertThat(diagnostics.infos).anySatisfy(i -> assertThat(i).contains("is OpenSearch 2.19.1"));
        assertThat(diagnostics.infos).anySatisfy(i -> assertThat(i).contains("compression=auto uses zstd"));
    }

    @Test
    void autoCompressionUsesGzipForElasticsearch() {
        sink.server(new dev.logship.core.sink.ServerInfo("elasticsearch", "9.5.3"));
        start(config().compression(Compression.AUTO));

        offerAll(3);

        assertThat(pipeline.flush(FLUSH)).isTrue();
        assertThat(sink.calls()).allSatisfy(c -> assertThat(c.contentEncoding()).isEqualTo("gzip"));
    }

    @Test
    void anUnreachableServerIsReportedOnceAndAutoFallsBackToGzip() {
        sink.unreachable();
        start(config().compression(Compression.AUTO));

        offerAll(3);

        assertThat(pipeline.flush(FLUSH)).isTrue();
        assertThat(sink.calls()).allSatisfy(c -> assertThat(c.contentEncoding()).isEqualTo("gzip"));
        assertThat(diagnostics.warnings).filteredOn(w -> w.contains("cannot reach")).hasSize(1);
    }

    @Test
    void anUnsupportedServerIsReported() {
        sink.server(new dev.logship.core.sink.ServerInfo("elasticsearch", "6.8.23"));
        start(config());

        offerAll(1);

        assertThat(pipeline.flush(FLUSH)).isTrue();
        assertThat(diagnostics.warnings).anySatisfy(w -> assertThat(w).contains("Elasticsearch 6.8.23")
                .contains("does not support"));
    }

    @Test
    void onlyTheItemsTheSinkAsksForAreSentAgain() {
        start(config().batchMaxEvents(10));
        sink.script(events -> DeliveryResult.retryItems(7, Map.of("mapper_parsing_exception", 1), new int[] {2, 5},
                null, "2 items got 429 (fake)"));

        offerAllAndAwaitEncoded(10);

        assertThat(pipeline.flush(FLUSH)).isTrue();
        assertThat(sink.calls()).hasSize(2);
        assertThat(sink.calls().get(1).events()).isEqualTo(2);
        assertThat(sink.calls().get(1).documents()).extracting(d -> d.get("message")).containsExactly("m2", "m5");
        MetricsSnapshot metrics = pipeline.metrics();
        assertThat(metrics.delivered()).isEqualTo(9);
        assertThat(metrics.rejectedByType()).containsEntry("mapper_parsing_exception", 1L);
        assertThat(metrics.retried()).isEqualTo(1);
        assertSettled();
    }

    @Test
    void aRequestTooLargeIsSplitUntilItFits() {
        start(config().batchMaxEvents(8));
        sink.always(events -> events > 2 ? DeliveryResult.tooLarge("413 (fake)") : DeliveryResult.done(events, Map.of()));

        offerAllAndAwaitEncoded(8);

        assertThat(pipeline.flush(FLUSH)).isTrue();
        assertThat(sink.calls()).extracting(FakeSink.Call::events).containsExactly(8, 4, 2, 2, 4, 2, 2);
        assertThat(deliveredMessages()).containsExactlyInAnyOrderElementsOf(messages(8));
        assertThat(pipeline.metrics().delivered()).isEqualTo(8);
        assertSettled();
    }

    @Test
    void aSingleEventTooLargeForTheSinkIsRejectedNotRetried() {
        start(config().batchMaxEvents(2));
        sink.always(events -> DeliveryResult.tooLarge("413 (fake)"));

        offerAllAndAwaitEncoded(2);

        assertThat(pipeline.flush(FLUSH)).isTrue();
        assertThat(pipeline.metrics().rejectedByType()).containsEntry("request_too_large", 2L);
        assertThat(pipeline.metrics().retried()).isZero();
        assertSettled();
    }

    @Test
    void aSinkThatThrowsAnErrorCostsOneBatchNotTheSender() {
        start(config().batchMaxEvents(5).maxInFlight(1));
        sink.script(events -> {
            throw new NoClassDefFoundError("a broken sink (fake)");
        });

        offerAllAndAwaitEncoded(15);

        assertThat(pipeline.flush(FLUSH)).isTrue();
        MetricsSnapshot metrics = pipeline.metrics();
        assertThat(metrics.dropped(DropReason.DELIVERY_FAILED)).isEqualTo(5);
        assertThat(metrics.delivered()).isEqualTo(10);
        assertThat(metrics.deliveryLatencyCount()).as("the lost batch has no delivery latency").isEqualTo(2);
        assertThat(diagnostics.errors).singleElement().satisfies(e -> assertThat(e).contains("could not be sent"));
        diagnostics.errors.clear(); // expected: the common teardown checks that no other error was reported
        assertSettled();
    }

    /** The sink's own latency: every call takes at least {@code latency}, then answers as {@code reply} would. */
    private static Reply after(Duration latency, Reply reply) {
        return events -> {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted (fake)");
            }
            return reply.answer(events);
        };
    }

    private static final Duration SINK_LATENCY = Duration.ofMillis(50);

    @Test
    void eachDeliveredBatchRecordsItsLatencyFromHandOverToSettlement() throws Exception {
        start(config().batchMaxEvents(2));
        sink.always(after(SINK_LATENCY, Reply.delivered()));

        offerAllAndAwaitEncoded(6);

        assertThat(pipeline.flush(FLUSH)).isTrue();
        MetricsSnapshot m = pipeline.metrics();
        assertThat(m.delivered()).isEqualTo(6);
        // the six events go in batches of at most two (how many depends on when the encode thread ran)
        assertThat(m.deliveryLatencyCount()).as("batches delivered").isEqualTo(m.batches()).isGreaterThanOrEqualTo(3);
        assertThat(m.deliveryLatencyTotalNanos()).isGreaterThanOrEqualTo(m.batches() * SINK_LATENCY.toNanos());
        assertThat(m.deliveryLatencyMaxNanos()).isGreaterThanOrEqualTo(SINK_LATENCY.toNanos())
                .isLessThanOrEqualTo(m.deliveryLatencyTotalNanos());
        javax.management.ObjectName name = pipeline.mbeanName();
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        assertThat(server.getAttribute(name, "DeliveryLatencyCount")).isEqualTo(m.deliveryLatencyCount());
        assertThat((Long) server.getAttribute(name, "DeliveryLatencyTotalMillis"))
                .isGreaterThanOrEqualTo(m.batches() * SINK_LATENCY.toMillis());
        assertThat((Long) server.getAttribute(name, "DeliveryLatencyMaxMillis")).isGreaterThanOrEqualTo(SINK_LATENCY.toMillis());
    }

    @Test
    void theDeliveryLatencyIncludesTheRetries() {
        start(config().batchMaxEvents(2).maxRetries(2));
        sink.script(after(SINK_LATENCY, Reply.ioFailure()));
        sink.always(after(SINK_LATENCY, Reply.delivered()));

        offerAll(1); // one event, one batch: the scripted failure and the retry are that batch's

        assertThat(pipeline.flush(FLUSH)).isTrue();
        MetricsSnapshot m = pipeline.metrics();
        assertThat(m.retried()).isEqualTo(1);
        assertThat(m.deliveryLatencyCount()).isEqualTo(1);
        assertThat(m.deliveryLatencyMaxNanos()).as("two calls of the sink").isGreaterThanOrEqualTo(2 * SINK_LATENCY.toNanos());
    }

    @Test
    void whatAnEarlierAttemptDeliveredStaysDeliveredWhenLaterAttemptsFail() {
        start(config().batchMaxEvents(10).maxRetries(2));
        sink.script(events -> DeliveryResult.retry(events - 2, Map.of(), null, "2 items got 429 (fake)"),
                Reply.ioFailure(), Reply.ioFailure());

        offerAllAndAwaitEncoded(10);

        assertThat(pipeline.flush(FLUSH)).isTrue();
        assertThat(pipeline.metrics().delivered()).isEqualTo(8);
        assertThat(pipeline.metrics().dropped(DropReason.DELIVERY_FAILED)).isEqualTo(2);
        assertSettled();
    }

    @Test
    void flushWaitsForAnEarlierBatchStillRetryingWhileALaterOneIsDelivered() {
        start(config().batchMaxEvents(5).maxInFlight(2).initialBackoff(Duration.ofMillis(300))
                .maxBackoff(Duration.ofMillis(300)));
        sink.script(events -> DeliveryResult.retry(0, Map.of(), null, "busy (fake)"));

        offerAll(5);
        await().atMost(WAIT).until(() -> sink.calls().size() == 1);
        offerAll(5);

        assertThat(pipeline.flush(FLUSH)).isTrue();
        assertThat(pipeline.metrics().delivered()).isEqualTo(10);
        assertSettled();
    }

    @Test
    void aSecondStopWaitsForTheFirstToFinish() throws Exception {
        start(config().batchMaxEvents(1000));
        sink.hold();
        offerAll(10);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> pipeline.stop());
        await().atMost(WAIT).until(() -> sink.waiting() > 0 || first.isDone());
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> pipeline.stop());
        sink.release();

        second.get();
        assertThat(pipeline.metrics().settled()).isEqualTo(10);
        first.get();
    }

    @Test
    void cutsBatchesAtMaxEvents() {
        start(config().batchMaxEvents(10));

        offerAllAndAwaitEncoded(25);

        assertThat(pipeline.flush(FLUSH)).isTrue();
        assertThat(sink.calls()).extracting(FakeSink.Call::events).containsExactlyInAnyOrder(10, 10, 5);
        assertThat(sink.calls()).allSatisfy(c -> assertThat(c.documents()).hasSize(c.events()));
        assertThat(deliveredMessages()).containsExactlyInAnyOrderElementsOf(messages(25));
        assertThat(pipeline.metrics().batches()).isEqualTo(3);
        assertSettled();
    }

    @Test
    void cutsBatchesAtMaxBytes() {
        int maxBytes = 2048;
        start(config().batchMaxBytes(maxBytes));

        for (int i = 0; i < 60; i++) {
            assertThat(pipeline.offer(event("m" + i + " " + "x".repeat(i * 37 % 500)))).isTrue();
        }
        assertThat(pipeline.offer(event("huge " + "y".repeat(5000)))).isTrue();

        assertThat(pipeline.flush(FLUSH)).isTrue();
        assertThat(sink.calls()).hasSizeGreaterThan(5).allSatisfy(c -> {
            assertThat(c.documents()).hasSize(c.events());
            if (c.body().length > maxBytes) {
                assertThat(c.events()).as("a batch over maxBytes holds a single event").isEqualTo(1);
            }
        });
        assertThat(deliveredMessages()).hasSize(61);
        assertSettled();
    }

    @Test
    void lingerCutsAPartialBatch() {
        start(config().batchLinger(Duration.ofMillis(100)));

        offerAll(3);

        await().atMost(WAIT).until(() -> sink.deliveredDocuments().size() == 3);
        assertThat(deliveredMessages()).containsExactly("m0", "m1", "m2");
        await().atMost(WAIT).untilAsserted(this::assertSettled);
    }

    @Test
    void flushDeliversEverythingBeforeReturningTrue() {
        start(config().batchMaxEvents(30).batchLinger(Duration.ofSeconds(30)));

        offerAll(100);

        assertThat(pipeline.flush(FLUSH)).isTrue();
        assertThat(deliveredMessages()).containsExactlyInAnyOrderElementsOf(messages(100));
        MetricsSnapshot m = pipeline.metrics();
        assertThat(m.received()).isEqualTo(100);
        assertThat(m.encoded()).isEqualTo(100);
        assertThat(m.delivered()).isEqualTo(100);
        assertThat(m.droppedTotal()).isZero();
        assertSettled();
    }

    @Test
    void flushOnAnIdlePipelineReturnsTrue() {
        start(config());

        assertThat(pipeline.flush(FLUSH)).isTrue();
        assertThat(sink.attempts()).isZero();
    }

    @Test
    void anEventOverMaxEventBytesArrivesTruncatedAndMarked() {
        start(config().maxEventBytes(4096));

        assertThat(pipeline.offer(event("q".repeat(50_000)))).isTrue();
        assertThat(pipeline.offer(event("small"))).isTrue();

        assertThat(pipeline.flush(FLUSH)).isTrue();
        List<Map<String, Object>> docs = sink.deliveredDocuments();
        assertThat(docs).hasSize(2);
        assertThat(docs.get(0)).containsEntry("logship.truncated", true);
        assertThat((String) docs.get(0).get("message")).hasSizeLessThan(4096).startsWith("qqq");
        assertThat(docs.get(1)).containsEntry("message", "small").doesNotContainKey("logship.truncated");
        assertThat(pipeline.metrics().truncated()).isEqualTo(1);
        assertThat(pipeline.metrics().delivered()).isEqualTo(2);
        assertSettled();
    }

    @Test
    void retriesAfterAnIOExceptionUntilDelivered() {
        sink.script(Reply.ioFailure(), Reply.ioFailure());
        start(config());

        offerAllAndAwaitEncoded(10);

        assertThat(pipeline.flush(FLUSH)).isTrue();
        MetricsSnapshot m = pipeline.metrics();
        assertThat(m.retried()).isEqualTo(2);
        assertThat(m.delivered()).isEqualTo(10);
        assertThat(m.droppedTotal()).isZero();
        assertThat(sink.attempts()).isEqualTo(3);
        assertThat(deliveredMessages()).containsExactlyInAnyOrderElementsOf(messages(10));
        assertThat(diagnostics.warnings).anySatisfy(w -> assertThat(w).contains("failing", "connection refused"));
        assertThat(diagnostics.infos).anySatisfy(i -> assertThat(i).contains("recovered after 2 failed attempts"));
        assertSettled();
    }

    @Test
    void retriesWhenTheSinkSaysRetry() {
        sink.script(events -> DeliveryResult.retry(0, Map.of(), Duration.ofMillis(1), "HTTP 503"));
        start(config());

        offerAllAndAwaitEncoded(5);

        assertThat(pipeline.flush(FLUSH)).isTrue();
        assertThat(pipeline.metrics().retried()).isEqualTo(1);
        assertThat(pipeline.metrics().delivered()).isEqualTo(5);
        assertSettled();
    }

    @Test
    void aFailedDeliveryCountsEveryEventAsDeliveryFailed() {
        sink.always(events -> DeliveryResult.failed("HTTP 400 (not retried)"));
        start(config());

        offerAllAndAwaitEncoded(5);

        assertThat(pipeline.flush(FLUSH)).isTrue();
        MetricsSnapshot m = pipeline.metrics();
        assertThat(m.dropped(DropReason.DELIVERY_FAILED)).isEqualTo(5);
        assertThat(m.delivered()).isZero();
        assertThat(m.retried()).isZero();
        assertThat(sink.attempts()).isEqualTo(1);
        assertSettled();
    }

    @Test
    void exhaustedRetriesCountAsDeliveryFailed() {
        sink.always(Reply.ioFailure());
        start(config().maxRetries(2));

        offerAllAndAwaitEncoded(4);

        assertThat(pipeline.flush(FLUSH)).isTrue();
        MetricsSnapshot m = pipeline.metrics();
        assertThat(m.dropped(DropReason.DELIVERY_FAILED)).isEqualTo(4);
        assertThat(m.retried()).isEqualTo(2);
        assertThat(sink.attempts()).isEqualTo(3);
        assertSettled();
    }

    @Test
    void partlyRejectedBatchesCountRejectionsByType() {
        sink.always(events -> DeliveryResult.done(events - 2, Map.of("mapper_parsing_exception", 2)));
        start(config());

        offerAllAndAwaitEncoded(6);

        assertThat(pipeline.flush(FLUSH)).isTrue();
        MetricsSnapshot m = pipeline.metrics();
        assertThat(m.delivered()).isEqualTo(4);
        assertThat(m.dropped(DropReason.REJECTED)).isEqualTo(2);
        assertThat(m.rejectedByType()).containsExactly(Map.entry("mapper_parsing_exception", 2L));
        assertSettled();
    }

    @Test
    void stopWithASinkThatNeverAnswersReturnsWithinShutdownTimeoutAndCountsTheEvents() {
        Duration shutdownTimeout = Duration.ofSeconds(1);
        sink.hold();
        start(config().batchMaxEvents(5).shutdownTimeout(shutdownTimeout));
        offerAll(10);
        await().atMost(WAIT).until(() -> sink.waiting() == 2);

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(pipeline::stop, task -> new Thread(task, "stopping").start());

        await().atMost(shutdownTimeout.plusSeconds(5)).until(stopping::isDone);
        MetricsSnapshot m = pipeline.metrics();
        assertThat(m.received()).isEqualTo(10);
        assertThat(m.delivered()).isZero();
        assertThat(m.dropped(DropReason.SHUTDOWN)).isEqualTo(10);
        assertThat(sink.isClosed()).isTrue();
        assertThat(diagnostics.infos).anySatisfy(i -> assertThat(i).contains("stopped", "received 10", "delivered 0"));
        assertSettled();
    }

    @Test
    void stopDeliversWhatIsQueued() {
        start(config().batchMaxEvents(7));
        offerAll(20);

        pipeline.stop();

        assertThat(pipeline.metrics().delivered()).isEqualTo(20);
        assertThat(deliveredMessages()).containsExactlyInAnyOrderElementsOf(messages(20));
        assertThat(sink.isClosed()).isTrue();
        assertSettled();
    }

    @Test
    void offerAfterStopReturnsFalseAndCountsStopped() {
        start(config());
        offerAll(1);
        pipeline.stop();
        long received = pipeline.metrics().received();

        assertThat(pipeline.offer(event("late"))).isFalse();
        assertThat(pipeline.offer(event("later"))).isFalse();

        MetricsSnapshot m = pipeline.metrics();
        assertThat(m.dropped(DropReason.STOPPED)).isEqualTo(2);
        assertThat(m.received()).isEqualTo(received).isEqualTo(1);
        assertThat(m.droppedAfterAccept()).isZero();
        assertSettled();
        pipeline.stop();
    }

    @Test
    void dropPolicyRefusesOnceTheRingIsFullAndCountsEveryRefusal() {
        int ring = 64;
        sink.hold();
        start(config().ringBufferSize(ring).overflowPolicy(OverflowPolicy.DROP).maxInFlight(1).batchMaxEvents(1));
        // e0 is held by the sink, e1 waits in the deliverer; with no free batch the encode thread then
        // stalls on the next event, so from here on exactly `ring` more events fit.
        offerAll(2);
        await().atMost(WAIT).until(() -> sink.waiting() == 1 && pipeline.metrics().inFlight() == 2
                && pipeline.metrics().ringRemaining() == ring);

        int accepted = 2;
        int refused = 0;
        for (int i = 0; i < ring + 50; i++) {
            boolean ok = pipeline.offer(event("f" + i));
            if (ok) {
                assertThat(refused).as("nothing is accepted after the first refusal").isZero();
                accepted++;
            } else {
                refused++;
            }
        }

        assertThat(accepted).isEqualTo(2 + ring);
        assertThat(refused).isEqualTo(50);
        assertThat(pipeline.metrics().dropped(DropReason.RING_FULL)).isEqualTo(refused);
        sink.release();
        assertThat(pipeline.flush(FLUSH)).isTrue();
        MetricsSnapshot m = pipeline.metrics();
        assertThat(m.received()).isEqualTo(accepted);
        assertThat(m.delivered()).isEqualTo(accepted);
        assertThat(m.droppedAfterAccept()).isZero();
        assertSettled();
    }

    @Test
    void blockPolicyWaitsForRoomInsteadOfDropping() throws Exception {
        sink.hold();
        start(config().ringBufferSize(64).overflowPolicy(OverflowPolicy.BLOCK).maxBlock(Duration.ofMinutes(1))
                .maxInFlight(1).batchMaxEvents(1));
        offerAll(2);
        await().atMost(WAIT).until(() -> sink.waiting() == 1 && pipeline.metrics().inFlight() == 2
                && pipeline.metrics().ringRemaining() == 64);
        for (int i = 0; i < 64; i++) {
            assertThat(pipeline.offer(event("f" + i))).isTrue();
        }

        assertThat(pipeline.metrics().blocked()).as("calls that found room").isZero();

        java.util.concurrent.atomic.AtomicReference<Thread> app = new java.util.concurrent.atomic.AtomicReference<>();
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> {
            app.set(Thread.currentThread());
            return pipeline.offer(event("waited"));
        }, task -> new Thread(task, "app-thread").start());
        await().atMost(WAIT).until(() -> app.get() != null && app.get().getState() == Thread.State.TIMED_WAITING);
        sink.release();

        assertThat(blocked.join()).isTrue();
        assertThat(pipeline.flush(FLUSH)).isTrue();
        assertThat(pipeline.metrics().dropped(DropReason.RING_FULL)).isZero();
        assertThat(pipeline.metrics().blocked()).isEqualTo(1);
        assertThat(pipeline.metrics().delivered()).isEqualTo(2 + 64 + 1);
        assertSettled();
        javax.management.ObjectName name = pipeline.mbeanName();
        assertThat(java.lang.management.ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Blocked"))
                .isEqualTo(1L);
        pipeline.stop();
        assertThat(diagnostics.infos).anySatisfy(i -> assertThat(i).contains("stopped '",
                "dropped 0 {}; logging calls that waited for room in the ring: 1"));
    }

    @Test
    void runsOnNamedLogshipThreadsAndEndsThemOnStop() {
        start(config());
        String prefix = "logship-" + pipeline.config().name() + "-";
        offerAll(3);
        assertThat(pipeline.flush(FLUSH)).isTrue();

        assertThat(sink.calls()).allSatisfy(c -> {
            assertThat(c.thread()).isInstanceOf(dev.logship.core.internal.LogshipThread.class);
            assertThat(c.thread().getName()).startsWith(prefix + "deliver-");
        });
        assertThat(threadsNamed(prefix)).contains(prefix + "encode", prefix + "deliver-1", prefix + "deliver-2");
        pipeline.stop();

        await().atMost(WAIT).until(() -> threadsNamed(prefix).isEmpty());
    }

    private static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix)).collect(Collectors.toList());
    }

    @Test
    void registersAndUnregistersItsMBean() throws Exception {
        start(config());

        javax.management.ObjectName name = pipeline.mbeanName();
        assertThat(name).isNotNull();
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        offerAll(3);
        assertThat(pipeline.flush(FLUSH)).isTrue();
        assertThat(server.getAttribute(name, "Delivered")).isEqualTo(3L);
        assertThat(server.getAttribute(name, "Blocked")).isEqualTo(0L);
        assertThat(server.getAttribute(name, "DeliveryLatencyCount")).as("one per batch delivered")
                .isEqualTo(pipeline.metrics().batches()).isNotEqualTo(0L);
        assertThat(server.getAttribute(name, "DeliveryLatencyMaxMillis")).isInstanceOf(Long.class);

        pipeline.stop();

        assertThat(server.isRegistered(name)).isFalse();
    }
}
