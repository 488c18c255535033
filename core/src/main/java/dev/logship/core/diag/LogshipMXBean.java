package dev.logship.core.diag;

/** JMX view of one pipeline, registered as {@code dev.logship:type=Pipeline,name=<appender>}. */
public interface LogshipMXBean {
    long getReceived();
    long getEncoded();
    long getDelivered();
    long getDropped();
    long getDroppedRingFull();
    long getDroppedEncodeFailed();
    long getDroppedDeliveryFailed();
    long getDroppedRejected();
    long getDroppedShutdown();
    long getDroppedCaptureFailed();
    long getDroppedStopped();
    /** Events whose delivery failed for good: delivery failures plus rejections. */
    long getFailed();
    long getRetried();
    long getBatches();
    long getBytesEncoded();
    long getBytesSent();
    long getTruncated();
    /** Logging calls that found the ring buffer full and waited for room (overflowPolicy BLOCK). */
    long getBlocked();
    long getRingRemaining();
    long getInFlight();
    /** Events written to the spill store instead of being delivered at once. */
    long getSpilled();
    /** Events delivered from the spill store. */
    long getReplayed();
    long getDroppedSpillFull();
    long getDroppedSpillFailed();
    long getDroppedSpillCorrupt();
    long getCorruptSpillRecords();
    /** Bytes of spill segment files now. */
    long getSpillBytes();
    /** Events waiting in the spill store now. */
    long getSpillEvents();
    /** Live batches the sink settled whole (every event delivered or rejected), whose latency the next two sum up. */
    long getDeliveryLatencyCount();
    /** Milliseconds from being handed to the deliverer to being settled, retries and backoff included, summed. */
    long getDeliveryLatencyTotalMillis();
    /** The longest of those delivery latencies since the pipeline started, in milliseconds. */
    long getDeliveryLatencyMaxMillis();
}
