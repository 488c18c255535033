package dev.logship.core.diag;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The pipeline's counters. Written from the stage that observes each thing (drops on the
 * application thread only on the drop path); read as a {@link MetricsSnapshot}.
 */
public final class PipelineMetrics {
    private static final DropReason[] REASONS = DropReason.values();
    private final EnumMap<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
    private final Map<String, LongAdder> rejectedByType = new ConcurrentHashMap<>();
    private final LongAdder encoded = new LongAdder();
    private final LongAdder truncated = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder bytesEncoded = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder ignoredInternal = new LongAdder();
    private final LongAdder blocked = new LongAdder();
    private final LongAdder spilled = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder droppedStored = new LongAdder();
    private final LongAdder corruptRecords = new LongAdder();
    private final LongAdder spillErrors = new LongAdder();
    private final LongAdder deliveryCount = new LongAdder();
    private final LongAdder deliveryNanos = new LongAdder();
    private final LongAccumulator deliveryMaxNanos = new LongAccumulator(Math::max, 0);
    private final java.util.concurrent.atomic.AtomicLong firstLossMillis = new java.util.concurrent.atomic.AtomicLong();
    private volatile long lastLossMillis;
    private volatile LongSupplier spillBytes = () -> 0;
    private volatile LongSupplier spillEvents = () -> 0;
    private volatile LongSupplier received = () -> 0;
    private volatile LongSupplier ringRemaining = () -> 0;
    private volatile LongSupplier inFlight = () -> 0;

    public PipelineMetrics() {
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, new LongAdder());
        }
    }

    /** Counts {@code events} that were received (or offered) and are lost, not having been spilled. */
    public void dropped(DropReason reason, long events) {
        dropped.get(reason).add(events);
        if (reason != DropReason.STOPPED) {
            lossAt(System.currentTimeMillis());
        }
    }

    /**
     * Counts {@code events} lost after they had been spilled (pushed out of a full store, a corrupt record,
     * rejected when replayed): lost, but already settled for this run when they were spilled.
     */
    public void droppedStored(DropReason reason, long events) {
        dropped(reason, events);
        droppedStored.add(events);
    }

    private void lossAt(long now) {
        lastLossMillis = now;
        firstLossMillis.compareAndSet(0, now);
    }

    /** The span of losses not yet reported in a summary event: {first, last} epoch ms, or null when none. */
    public long[] lossWindow() {
        long first = firstLossMillis.get();
        return first == 0 ? null : new long[] {first, Math.max(first, lastLossMillis)};
    }

    /** The losses up to the window's {@code first} have been reported; a later loss opens a new window. */
    public void lossReported(long first) {
        firstLossMillis.compareAndSet(first, 0);
    }

    /** {@code events} written to the spill store (from the live path, not a replay's leftovers). */
    public void spilled(long events) {
        spilled.add(events);
    }

    /** {@code events} delivered from the spill store. */
    public void replayed(long events) {
        replayed.add(events);
    }

    /** A spill record that failed its checksum. */
    public void corruptRecord() {
        corruptRecords.increment();
    }

    /** A spill store I/O error (write, fsync, delete). */
    public void spillError() {
        spillErrors.increment();
    }

    /** Wires the spill store's gauges. */
    public void spillGauges(LongSupplier bytes, LongSupplier events) {
        this.spillBytes = bytes;
        this.spillEvents = events;
    }

    /** Counts events the sink rejected permanently, by the sink's error type. */
    public void rejected(String errorType, long events) {
        dropped(DropReason.REJECTED, events);
        rejectedType(errorType, events);
    }

    /** Counts rejected events by the sink's error type only (their drop is counted separately). */
    public void rejectedType(String errorType, long events) {
        rejectedByType.computeIfAbsent(errorType, k -> new LongAdder()).add(events);
    }

    /** {@code events} encoded, {@code bytes} long in all. */
    public void encoded(long events, long bytes) {
        encoded.add(events);
        bytesEncoded.add(bytes);
    }

    public void truncated() {
        truncated.increment();
    }

    public void delivered(long events) {
        delivered.add(events);
    }

    public void retried() {
        retried.increment();
    }

    /** One batch handed to the sink, {@code bytes} long after compression. */
    public void batchSent(long bytes) {
        batches.increment();
        bytesSent.add(bytes);
    }

    /**
     * One live batch settled by the sink (every event delivered or rejected), {@code nanos} after it was handed to
     * the deliverer: its delivery latency, retries and backoff included. Called on a sender thread.
     */
    public void deliveryLatency(long nanos) {
        deliveryCount.increment();
        deliveryNanos.add(nanos);
        deliveryMaxNanos.accumulate(nanos);
    }

    /** An event logged on one of logship's own threads, deliberately not shipped (no feedback loop). */
    public void ignoredInternal() {
        ignoredInternal.increment();
    }

    /**
     * A logging call that found the ring buffer full and waited for room ({@code overflowPolicy=BLOCK}),
     * whether it then got in or was dropped after {@code maxBlock}. Counted on the blocking path only.
     */
    public void blocked() {
        blocked.increment();
    }

    /** Wires the gauges that the ring buffer and deliverer own. */
    public void gauges(LongSupplier received, LongSupplier ringRemaining, LongSupplier inFlight) {
        this.received = received;
        this.ringRemaining = ringRemaining;
        this.inFlight = inFlight;
    }

    /** Received events that are delivered, spilled or dropped: nothing more this run owes them. */
    public long settled() {
        long total = delivered.sum() + spilled.sum() - droppedStored.sum();
        for (DropReason reason : REASONS) {
            if (reason.afterAccept()) {
                total += dropped.get(reason).sum();
            }
        }
        return total;
    }

    public long dropped(DropReason reason) {
        return dropped.get(reason).sum();
    }

    public MetricsSnapshot snapshot() {
        EnumMap<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        dropped.forEach((reason, adder) -> drops.put(reason, adder.sum()));
        Map<String, Long> rejected = new java.util.TreeMap<>();
        rejectedByType.forEach((type, adder) -> rejected.put(type, adder.sum()));
        return new MetricsSnapshot(received.getAsLong(), encoded.sum(), delivered.sum(), drops, rejected,
                retried.sum(), batches.sum(), bytesEncoded.sum(), bytesSent.sum(), truncated.sum(),
                ignoredInternal.sum(), blocked.sum(), ringRemaining.getAsLong(), inFlight.getAsLong(), spilled.sum(), replayed.sum(),
                droppedStored.sum(), corruptRecords.sum(), spillErrors.sum(), spillBytes.getAsLong(),
                spillEvents.getAsLong(), deliveryCount.sum(), deliveryNanos.sum(), deliveryMaxNanos.get());
    }
}
