package dev.logship.core.diag;

import java.util.Map;

/**
 * The pipeline's counters at one moment. Invariant once the pipeline is idle:
 * {@code received == delivered + droppedAfterAccept()}; events dropped before the ring buffer
 * ({@link DropReason#RING_FULL}, {@link DropReason#STOPPED}) were never received.
 *
 * @param received         events accepted into the ring buffer
 * @param encoded          events encoded into a batch
 * @param delivered        events the sink acknowledged (a 409 on {@code create} of our own id counts)
 * @param dropped          events lost, by reason (zero entries included)
 * @param rejectedByType   the {@link DropReason#REJECTED} events by the sink's error type
 * @param retried          delivery attempts that were retried
 * @param batches          batches handed to the sink (first attempts)
 * @param bytesEncoded     bytes of encoded events, before compression
 * @param bytesSent        bytes of batches after compression, first attempts
 * @param truncated        events cut down to {@code maxEventBytes}
 * @param ignoredInternal  events logged on logship's own threads and deliberately not shipped
 * @param ringRemaining    free slots in the ring buffer now
 * @param inFlight         batches being delivered now
 */
public record MetricsSnapshot(long received, long encoded, long delivered, Map<DropReason, Long> dropped,
                              Map<String, Long> rejectedByType, long retried, long batches, long bytesEncoded,
                              long bytesSent, long truncated, long ignoredInternal, long ringRemaining,
                              long inFlight) {

    public MetricsSnapshot {
        dropped = Map.copyOf(dropped);
        rejectedByType = Map.copyOf(rejectedByType);
    }

    public long dropped(DropReason reason) {
        return dropped.getOrDefault(reason, 0L);
    }

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Losses of events that had been received. */
    public long droppedAfterAccept() {
        return dropped.entrySet().stream().filter(e -> e.getKey().afterAccept()).mapToLong(Map.Entry::getValue).sum();
    }

    /** Received events that are delivered or dropped: nothing more will happen to them. */
    public long settled() {
        return delivered + droppedAfterAccept();
    }

    /** Events whose delivery failed: {@link DropReason#DELIVERY_FAILED} plus {@link DropReason#REJECTED}. */
    public long failed() {
        return dropped(DropReason.DELIVERY_FAILED) + dropped(DropReason.REJECTED);
    }
}
