package dev.logship.core.diag;

import java.util.Map;

/**
 * The pipeline's counters at one moment. Invariant once the pipeline is idle:
 * {@code received == delivered + spilled + droppedAfterAccept() - droppedFromStore}; events dropped
 * before the ring buffer ({@link DropReason#RING_FULL}, {@link DropReason#STOPPED}) were never
 * received. The spill store's side: what it received ({@code spilled}, plus what an earlier run left)
 * is {@code replayed}, {@code droppedFromStore}, or still there ({@code spillEvents}).
 *
 * @param received         events accepted into the ring buffer
 * @param encoded          events encoded into a batch
 * @param delivered        events the sink acknowledged when first sent (a 409 on {@code create} of our own id
 *                         counts); events delivered from the spill store are {@code replayed}
 * @param dropped          events lost, by reason (zero entries included)
 * @param rejectedByType   the {@link DropReason#REJECTED} events by the sink's error type
 * @param retried          delivery attempts that were retried
 * @param batches          batches handed to the sink (first attempts)
 * @param bytesEncoded     bytes of encoded events, before compression
 * @param bytesSent        bytes of batches after compression, first attempts
 * @param truncated        events cut down to {@code maxEventBytes}
 * @param ignoredInternal  events logged on logship's own threads and deliberately not shipped
 * @param blocked          logging calls that found the ring buffer full and waited for room
 *                         ({@code overflowPolicy=BLOCK}), whether they then got in or were dropped as
 *                         {@link DropReason#RING_FULL} after {@code maxBlock}
 * @param ringRemaining    free slots in the ring buffer now
 * @param inFlight         batches being delivered now
 * @param spilled          events written to the spill store instead of being delivered at once
 * @param replayed         events delivered from the spill store (this run's or an earlier run's)
 * @param droppedFromStore events lost after they were spilled (their reasons are in {@code dropped})
 * @param corruptSpillRecords spill records that failed their checksum when read back
 * @param spillErrors      spill store I/O errors (write, fsync, delete)
 * @param spillBytes       bytes of spill segment files now
 * @param spillEvents      events in the spill store waiting to be replayed now
 * @param deliveryLatencyCount      live batches the sink settled whole (every event delivered or rejected); batches
 *                                  that were spilled, in whole or in part, or that lost events, are not counted, nor
 *                                  are batches replayed from the spill store
 * @param deliveryLatencyTotalNanos the sum of those batches' delivery latencies: from being handed to the deliverer
 *                                  to being settled, retries and backoff included
 * @param deliveryLatencyMaxNanos   the longest of those latencies since the pipeline started (0 before the first)
 */
public record MetricsSnapshot(long received, long encoded, long delivered, Map<DropReason, Long> dropped,
                              Map<String, Long> rejectedByType, long retried, long batches, long bytesEncoded,
                              long bytesSent, long truncated, long ignoredInternal, long blocked, long ringRemaining,
                              long inFlight, long spilled, long replayed, long droppedFromStore,
                              long corruptSpillRecords, long spillErrors, long spillBytes, long spillEvents,
                              long deliveryLatencyCount, long deliveryLatencyTotalNanos, long deliveryLatencyMaxNanos) {

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

    /** Received events that are delivered, spilled or dropped: nothing more this run owes them. */
    public long settled() {
        return delivered + spilled + droppedAfterAccept() - droppedFromStore;
    }

    /** Events whose delivery failed: {@link DropReason#DELIVERY_FAILED} plus {@link DropReason#REJECTED}. */
    public long failed() {
        return dropped(DropReason.DELIVERY_FAILED) + dropped(DropReason.REJECTED);
    }
}
