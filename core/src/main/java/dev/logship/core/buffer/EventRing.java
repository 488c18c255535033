package dev.logship.core.buffer;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import dev.logship.core.diag.Diagnostics;
import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.PipelineMetrics;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The buffer stage: a pre-allocated LMAX Disruptor ring between the application threads (many
 * producers) and one encode thread. {@link #offer} is the only thing an application thread runs:
 * no lock, no allocation, no I/O, no system call; when the ring is full the {@link OverflowPolicy}
 * decides. The consumer is woken (an unpark, a system call) only when a publish crosses one eighth of
 * the ring, or when a producer finds the ring full; otherwise it finds new events at its next idle
 * tick, which keeps the cost of a logging call flat at any rate.
 *
 * @param <E> what the appender captures
 */
public final class EventRing<E> {
    private static final long MAX_BLOCK_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final RingBuffer<Slot> ring;
    private final ParkingWaitStrategy waitStrategy;
    private final OverflowPolicy policy;
    private final long maxBlockNanos;
    private final long wakeMask;
    private final PipelineMetrics metrics;
    private final BatchEventProcessor<Slot> processor;
    private final Thread thread;

    public EventRing(int size, OverflowPolicy policy, long maxBlockNanos, long idleTimeoutNanos,
                     RingConsumer<E> consumer, ThreadFactory threads, PipelineMetrics metrics, Diagnostics diagnostics) {
        this.waitStrategy = new ParkingWaitStrategy(idleTimeoutNanos, TimeUnit.NANOSECONDS);
        this.ring = RingBuffer.createMultiProducer(Slot::new, size, waitStrategy);
        this.policy = policy;
        this.maxBlockNanos = maxBlockNanos;
        this.wakeMask = Math.max(1, size / 8) - 1;
        this.metrics = metrics;
        this.processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), new Handler<>(consumer));
        this.processor.setExceptionHandler(new Reporting(diagnostics));
        ring.addGatingSequences(processor.getSequence());
        this.thread = threads.newThread(processor);
    }

    public void start() {
        thread.start();
    }

    /**
     * Puts a captured event, and what the appender attaches to it, into the ring, on the application
     * thread.
     *
     * @return false when the event was dropped (and counted as {@link DropReason#RING_FULL})
     */
    public boolean offer(E captured, Object attachment) {
        if (tryPublish(captured, attachment)
                || (policy == OverflowPolicy.BLOCK && offerBlocking(captured, attachment))) {
            return true;
        }
        metrics.dropped(DropReason.RING_FULL, 1);
        return false;
    }

    private boolean tryPublish(E captured, Object attachment) {
        long sequence;
        try {
            sequence = ring.tryNext();
        } catch (InsufficientCapacityException full) {
            waitStrategy.wakeUp();
            return false;
        }
        try {
            Slot slot = ring.get(sequence);
            slot.captured = captured;
            slot.attachment = attachment;
        } finally {
            ring.publish(sequence); // a claimed slot must be published, or the consumer waits on it for ever
        }
        if ((sequence & wakeMask) == 0) {
            waitStrategy.wakeUp();
        }
        return true;
    }

    /** Waits for room up to maxBlock; counted as {@link PipelineMetrics#blocked} when it waits at all. */
    private boolean offerBlocking(E captured, Object attachment) {
        if (maxBlockNanos <= 0 || Thread.currentThread().isInterrupted()) {
            return false; // no wait (parking returns at once for an interrupted thread): dropped as under DROP
        }
        metrics.blocked();
        long deadline = System.nanoTime() + maxBlockNanos;
        long park = 1_000;
        while (System.nanoTime() - deadline < 0) {
            if (Thread.currentThread().isInterrupted()) {
                return false; // parking returns at once for an interrupted thread: do not spin for maxBlock
            }
            LockSupport.parkNanos(park);
            if (tryPublish(captured, attachment)) {
                return true;
            }
            park = Math.min(park * 2, MAX_BLOCK_PARK_NANOS);
        }
        return false;
    }

    /** Events accepted so far. */
    public long published() {
        return ring.getCursor() + 1;
    }

    /** Events the consumer has taken so far. */
    public long consumed() {
        return processor.getSequence().get() + 1;
    }

    public long remaining() {
        return ring.remainingCapacity();
    }

    /** Makes an idle consumer run {@link RingConsumer#onIdle} now, e.g. to act on a flush request. */
    public void wake() {
        waitStrategy.nudge();
    }

    /** Waits until the consumer has taken every event published so far, or the deadline passes. */
    public boolean drain(long deadlineNanos) {
        long target = ring.getCursor();
        long park = 10_000;
        while (processor.getSequence().get() < target) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return false;
            }
            LockSupport.parkNanos(park);
            park = Math.min(park * 2, MAX_BLOCK_PARK_NANOS);
        }
        return true;
    }

    /** Stops the encode thread after the event it is on; waits up to {@code millis} for it to end. */
    public void halt(long millis) throws InterruptedException {
        processor.halt();
        waitStrategy.wakeUp();
        thread.join(Math.max(1, millis));
    }

    public Thread thread() {
        return thread;
    }

    /** Adapts the Disruptor's handler contract to {@link RingConsumer}, clearing each slot after use. */
    private static final class Handler<E> implements EventHandler<Slot> {
        private final RingConsumer<E> consumer;

        Handler(RingConsumer<E> consumer) {
            this.consumer = consumer;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onEvent(Slot slot, long sequence, boolean endOfBatch) {
            E captured = (E) slot.captured;
            Object attachment = slot.attachment;
            slot.captured = null;
            slot.attachment = null;
            consumer.onEvent(captured, attachment, sequence, endOfBatch);
        }

        @Override
        public void onTimeout(long sequence) {
            consumer.onIdle(sequence);
        }

        @Override
        public void onShutdown() {
            consumer.onShutdown();
        }
    }

    /** A consumer that throws must not kill the encode thread: report and go on. */
    private static final class Reporting implements ExceptionHandler<Slot> {
        private final Diagnostics diagnostics;

        Reporting(Diagnostics diagnostics) {
            this.diagnostics = diagnostics;
        }

        @Override
        public void handleEventException(Throwable ex, long sequence, Slot slot) {
            slot.captured = null;
            slot.attachment = null;
            diagnostics.error("logship: the encode stage failed on an event; it goes on with the next", ex);
        }

        @Override
        public void handleOnStartException(Throwable ex) {
            diagnostics.error("logship: the encode stage failed to start", ex);
        }

        @Override
        public void handleOnShutdownException(Throwable ex) {
            diagnostics.error("logship: the encode stage failed while stopping", ex);
        }
    }
}
