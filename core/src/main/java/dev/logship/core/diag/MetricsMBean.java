package dev.logship.core.diag;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Registers a pipeline's counters with the platform MBean server, one bean per appender. */
public final class MetricsMBean implements LogshipMXBean {
    private final PipelineMetrics metrics;
    private ObjectName registered;

    public MetricsMBean(PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Registers as {@code dev.logship:type=Pipeline,name=<name>}, adding {@code ,instance=N} when that
     * name is taken (two logging contexts with the same appender name).
     */
    public void register(String name, Diagnostics diagnostics) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            String base = "dev.logship:type=Pipeline,name=" + ObjectName.quote(name);
            ObjectName candidate = new ObjectName(base);
            for (int i = 2; server.isRegistered(candidate); i++) {
                candidate = new ObjectName(base + ",instance=" + i);
            }
            server.registerMBean(this, candidate);
            registered = candidate;
        } catch (JMException | SecurityException e) {
            diagnostics.warn("logship: could not register the JMX bean for '" + name + "'", e);
        }
    }

    public ObjectName objectName() {
        return registered;
    }

    public void unregister() {
        if (registered == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(registered);
        } catch (JMException | SecurityException ignored) {
            // already gone: nothing to undo
        }
        registered = null;
    }

    @Override public long getReceived() { return metrics.snapshot().received(); }
    @Override public long getEncoded() { return metrics.snapshot().encoded(); }
    @Override public long getDelivered() { return metrics.snapshot().delivered(); }
    @Override public long getDropped() { return metrics.snapshot().droppedTotal(); }
    @Override public long getDroppedRingFull() { return metrics.dropped(DropReason.RING_FULL); }
    @Override public long getDroppedEncodeFailed() { return metrics.dropped(DropReason.ENCODE_FAILED); }
    @Override public long getDroppedDeliveryFailed() { return metrics.dropped(DropReason.DELIVERY_FAILED); }
    @Override public long getDroppedRejected() { return metrics.dropped(DropReason.REJECTED); }
    @Override public long getDroppedShutdown() { return metrics.dropped(DropReason.SHUTDOWN); }
    @Override public long getDroppedCaptureFailed() { return metrics.dropped(DropReason.CAPTURE_FAILED); }
    @Override public long getDroppedStopped() { return metrics.dropped(DropReason.STOPPED); }
    @Override public long getFailed() { return metrics.snapshot().failed(); }
    @Override public long getRetried() { return metrics.snapshot().retried(); }
    @Override public long getBatches() { return metrics.snapshot().batches(); }
    @Override public long getBytesEncoded() { return metrics.snapshot().bytesEncoded(); }
    @Override public long getBytesSent() { return metrics.snapshot().bytesSent(); }
    @Override public long getTruncated() { return metrics.snapshot().truncated(); }
    @Override public long getBlocked() { return metrics.snapshot().blocked(); }
    @Override public long getRingRemaining() { return metrics.snapshot().ringRemaining(); }
    @Override public long getInFlight() { return metrics.snapshot().inFlight(); }
    @Override public long getSpilled() { return metrics.snapshot().spilled(); }
    @Override public long getReplayed() { return metrics.snapshot().replayed(); }
    @Override public long getDroppedSpillFull() { return metrics.dropped(DropReason.SPILL_FULL); }
    @Override public long getDroppedSpillFailed() { return metrics.dropped(DropReason.SPILL_FAILED); }
    @Override public long getDroppedSpillCorrupt() { return metrics.dropped(DropReason.SPILL_CORRUPT); }
    @Override public long getCorruptSpillRecords() { return metrics.snapshot().corruptSpillRecords(); }
    @Override public long getSpillBytes() { return metrics.snapshot().spillBytes(); }
    @Override public long getSpillEvents() { return metrics.snapshot().spillEvents(); }
    @Override public long getDeliveryLatencyCount() { return metrics.snapshot().deliveryLatencyCount(); }
    @Override public long getDeliveryLatencyTotalMillis() { return millis(metrics.snapshot().deliveryLatencyTotalNanos()); }
    @Override public long getDeliveryLatencyMaxMillis() { return millis(metrics.snapshot().deliveryLatencyMaxNanos()); }

    private static long millis(long nanos) {
        return java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
