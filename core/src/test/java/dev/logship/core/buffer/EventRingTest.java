package dev.logship.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.PipelineMetrics;
import dev.logship.core.internal.LogshipThreadFactory;
import dev.logship.core.testkit.RecordingDiagnostics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventRingTest {
    private static final int SIZE = 8;

    private final PipelineMetrics metrics = new PipelineMetrics();
    private final RecordingDiagnostics diagnostics = new RecordingDiagnostics();
    private final PausableConsumer consumer = new PausableConsumer();
    private EventRing<String> ring;

    /** Holds the encode thread inside {@code onEvent} until released. */
    private static final class PausableConsumer implements RingConsumer<String> {
        final List<String> events = new CopyOnWriteArrayList<>();
        final CountDownLatch released = new CountDownLatch(1);
        volatile boolean paused = true;

        @Override
        public void onEvent(String captured, Object attachment, long sequence, boolean endOfBatch) {
            events.add(captured);
            while (paused) {
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        @Override
        public void onIdle(long sequence) {
        }

        @Override
        public void onShutdown() {
        }

        void release() {
            paused = false;
            released.countDown();
        }
    }

    private EventRing<String> start(OverflowPolicy policy, Duration maxBlock) {
        ring = new EventRing<>(SIZE, policy, maxBlock.toNanos(), TimeUnit.MILLISECONDS.toNanos(5), consumer,
                new LogshipThreadFactory("ring-test", "encode", false), metrics, diagnostics);
        ring.start();
        return ring;
    }

    /** Fills the ring while the consumer holds the first event. */
    private void fill() {
        assertThat(ring.offer("e0", null)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.events.size() == 1);
        for (int i = 1; i <= SIZE - 1; i++) {
            assertThat(ring.offer("e" + i, null)).isTrue();
        }
        assertThat(ring.remaining()).isZero();
    }

    @AfterEach
    void stop() throws InterruptedException {
        consumer.release();
        if (ring != null) {
            ring.halt(5_000);
            assertThat(ring.thread().isAlive()).isFalse();
        }
    }

    @Test
    void dropPolicyDropsAtOnceWhenFullAndCounts() {
        start(OverflowPolicy.DROP, Duration.ofSeconds(10));
        fill();

        assertThat(ring.offer("over 1", null)).isFalse();
        assertThat(ring.offer("over 2", null)).isFalse();

        assertThat(metrics.dropped(DropReason.RING_FULL)).isEqualTo(2);
        assertThat(metrics.snapshot().blocked()).as("DROP never waits").isZero();
        assertThat(ring.published()).isEqualTo(SIZE);
    }

    @Test
    void blockPolicyCountsEachCallThatWaitedAndNoCallThatFoundRoom() throws Exception {
        start(OverflowPolicy.BLOCK, Duration.ofMinutes(5));
        fill();
        assertThat(metrics.snapshot().blocked()).as("calls that found room").isZero();

        List<Thread> waiting = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Boolean>> offers = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String event = "waited " + i;
            offers.add(CompletableFuture.supplyAsync(() -> {
                waiting.add(Thread.currentThread());
                return ring.offer(event, null);
            }, task -> new Thread(task, "app-thread").start()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting.size() == 3
                && waiting.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING));
        assertThat(metrics.snapshot().blocked()).isEqualTo(3);
        consumer.release();

        for (CompletableFuture<Boolean> offer : offers) {
            assertThat(offer.get(10, TimeUnit.SECONDS)).as("got in after waiting").isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ring.consumed() == SIZE + 3);
        assertThat(ring.offer("room again", null)).isTrue();
        assertThat(metrics.snapshot().blocked()).isEqualTo(3);
        assertThat(metrics.dropped(DropReason.RING_FULL)).isZero();
    }

    @Test
    void blockPolicyWaitsForTheConsumerAndThenSucceedsWithoutDrop() throws Exception {
        start(OverflowPolicy.BLOCK, Duration.ofMinutes(5));
        fill();
        AtomicReference<Thread> offering = new AtomicReference<>();

        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> {
            offering.set(Thread.currentThread());
            return ring.offer("waited", null);
        }, task -> new Thread(task, "app-thread").start());
        await().atMost(Duration.ofSeconds(10)).until(() -> offering.get() != null
                && offering.get().getState() == Thread.State.TIMED_WAITING);
        assertThat(blocked).isNotDone();
        consumer.release();

        assertThat(blocked.get(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.events.size() == SIZE + 1);
        assertThat(consumer.events).last().isEqualTo("waited");
        assertThat(metrics.dropped(DropReason.RING_FULL)).isZero();
        assertThat(ring.published()).isEqualTo(SIZE + 1);
    }

    @Test
    void blockPolicyGivesUpAfterMaxBlockAndCounts() {
        start(OverflowPolicy.BLOCK, Duration.ofMillis(1));
        fill();

        assertThat(ring.offer("too late", null)).isFalse();
        assertThat(ring.offer("too late again", null)).isFalse();

        assertThat(metrics.dropped(DropReason.RING_FULL)).isEqualTo(2);
        assertThat(metrics.snapshot().blocked()).as("each dropped call waited first").isEqualTo(2);
        assertThat(consumer.events).doesNotContain("too late", "too late again");
        assertThat(ring.published()).isEqualTo(SIZE);
    }

    @Test
    void deliversInOrderAndCountsConsumption() {
        start(OverflowPolicy.DROP, Duration.ZERO);
        consumer.release();

        for (int i = 0; i < 100; i++) {
            while (!ring.offer("m" + i, null)) {
                Thread.onSpinWait();
            }
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> ring.consumed() == ring.published());
        assertThat(consumer.events).hasSize(100).startsWith("m0", "m1").endsWith("m99");
        assertThat(ring.drain(System.nanoTime())).isTrue();
        assertThat(ring.thread().getName()).isEqualTo("logship-ring-test-encode");
    }

    @Test
    void aFailingConsumerIsReportedAndTheNextEventStillArrives() {
        List<String> seen = new CopyOnWriteArrayList<>();
        ring = new EventRing<>(SIZE, OverflowPolicy.DROP, 0, TimeUnit.MILLISECONDS.toNanos(5),
                new RingConsumer<String>() {
                    @Override
                    public void onEvent(String captured, Object attachment, long sequence, boolean endOfBatch) {
                        if (captured.equals("bad")) {
                            throw new IllegalStateException("consumer bug");
                        }
                        seen.add(captured);
                    }

                    @Override public void onIdle(long sequence) { }

                    @Override public void onShutdown() { }
                }, new LogshipThreadFactory("ring-test", "encode", false), metrics, diagnostics);
        ring.start();

        assertThat(ring.offer("bad", null)).isTrue();
        assertThat(ring.offer("good", null)).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("good"));
        assertThat(diagnostics.errors).singleElement().asString().contains("encode stage failed", "consumer bug");
    }
}
