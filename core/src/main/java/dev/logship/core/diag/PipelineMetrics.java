package dev.logship.core.diag;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    private volatile LongSupplier received = () -> 0;
    private volatile LongSupplier ringRemaining = () -> 0;
    private volatile LongSupplier inFlight = () -> 0;

    public PipelineMetrics() {
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, new LongAdder());
        }
    }

    public void dropped(DropReason reason, long events) {
        dropped.get(reason).add(events);
    }

    /** Counts events the sink rejected permanently, by the sink's error type. */
    public void rejected(String errorType, long events) {
        dropped(DropReason.REJECTED, events);
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

    /** An event logged on one of logship's own threads, deliberately not shipped (no feedback loop). */
    public void ignoredInternal() {
        ignoredInternal.increment();
    }

    /** Wires the gauges that the ring buffer and deliverer own. */
    public void gauges(LongSupplier received, LongSupplier ringRemaining, LongSupplier inFlight) {
        this.received = received;
        this.ringRemaining = ringRemaining;
        this.inFlight = inFlight;
    }

    /** Received events that are delivered or dropped: what a flush waits for. */
    public long settled() {
        long total = delivered.sum();
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
                ignoredInternal.sum(), ringRemaining.getAsLong(), inFlight.getAsLong());
    }
}
