package dev.logship.core.pipeline;

import dev.logship.core.batch.BatchLimits;
import dev.logship.core.batch.Batcher;
import dev.logship.core.buffer.EventRing;
import dev.logship.core.compress.Compression;
import dev.logship.core.compress.ZstdSupport;
import dev.logship.core.batch.LossSummary;
import dev.logship.core.deliver.Deliverer;
import dev.logship.core.deliver.Replayer;
import dev.logship.core.spill.SpillException;
import dev.logship.core.spill.SpillMode;
import dev.logship.core.spill.SpillStore;
import dev.logship.core.diag.Diagnostics;
import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.MetricsMBean;
import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.core.diag.PipelineMetrics;
import dev.logship.core.event.EventReader;
import dev.logship.core.internal.LogshipThread;
import dev.logship.core.internal.LogshipThreadFactory;
import dev.logship.core.sink.ElasticsearchSink;
import dev.logship.core.sink.Sink;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;

/**
 * One appender's pipeline: {@code capture → buffer → encode → batch → compress → deliver}. An
 * appender calls {@link #offer} on the application thread (bounded, non-blocking per the overflow
 * policy, never throws); everything else runs on logship's own threads, named
 * {@code logship-<name>-<stage>}.
 *
 * @param <E> what the appender captures; {@link EventReader} turns it into a view for encoding
 */
public final class Pipeline<E> {
    /** At most one event about lost events per this interval. */
    private static final long LOSS_SUMMARY_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);
    private final PipelineConfig config;
    private final Diagnostics diagnostics;
    private final PipelineMetrics metrics = new PipelineMetrics();
    private final EventRing<E> ring;
    private final Batcher<E> batcher;
    private final Deliverer deliverer;
    private final Sink sink;
    private final SpillStore store;
    private final Replayer replayer;
    private final MetricsMBean mbean;
    private final Thread shutdownHook;
    private volatile boolean accepting;
    private boolean stopped;
    private final java.util.concurrent.CountDownLatch stoppedLatch = new java.util.concurrent.CountDownLatch(1);

    private Pipeline(PipelineConfig config, EventReader<E> reader) {
        this.config = config;
        this.diagnostics = config.diagnostics();
        Compression compression = Compression.resolve(config.compression(), ZstdSupport::loads, diagnostics);
        Sink sink = config.sink() != null ? config.sink()
                : config.graylog() != null ? graylog(config) : elasticsearch(config);
        this.sink = sink;
        this.deliverer = new Deliverer(sink, compression, config.maxInFlight(), config.retry(), config.batchMaxBytes(),
                metrics, diagnostics, new LogshipThreadFactory(config.name(), "deliver", true),
                config.deadLetterFile() == null ? null
                        : new dev.logship.core.deliver.DeadLetterFile(config.deadLetterFile(), config.deadLetterMaxSize(),
                                diagnostics));
        try {
            this.store = openStore(config, metrics, diagnostics);
        } catch (RuntimeException e) {
            sink.close();
            throw e;
        }
        try {
            this.replayer = wire(config, sink);
            // an event must fit one request of the sink (Graylog's HTTP input takes 64 KiB, a UDP message 128 chunks)
            BatchLimits limits = new BatchLimits(config.batchMaxEvents(), config.batchMaxBytes(),
                    config.batchLinger().toNanos(), Math.min(config.maxEventBytes(), sink.maxRequestBytes()));
            this.batcher = new Batcher<>(reader, sink.encoder(config.encoder()), deliverer, limits, metrics, diagnostics);
            long idle = Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(config.batchLinger().toNanos() / 2,
                    TimeUnit.MILLISECONDS.toNanos(100)));
            this.ring = new EventRing<>(config.ringBufferSize(), config.overflowPolicy(), config.maxBlock().toNanos(),
                    idle, batcher, new LogshipThreadFactory(config.name(), "encode", false), metrics, diagnostics);
        } catch (RuntimeException | Error e) {
            if (store != null) {
                store.close(); // or this JVM could never open the directory again
            }
            sink.close();
            throw e;
        }
        metrics.gauges(ring::published, ring::remaining, deliverer::inFlight);
        this.mbean = new MetricsMBean(metrics);
        this.shutdownHook = config.shutdownHook()
                ? new LogshipThread(this::stopAtExit, "logship-" + config.name() + "-shutdown") : null;
    }

    /** Connects the spill store (if any) and the loss summary to the deliverer; returns the replayer or null. */
    private Replayer wire(PipelineConfig config, Sink sink) {
        Replayer replay = null;
        if (store != null) {
            deliverer.spillTo(store, config.spill().mode());
            metrics.spillGauges(store::sizeBytes, store::pendingEvents);
            replay = new Replayer(store, deliverer, deliverer::newCompressor, config.retry(), metrics, diagnostics,
                    new LogshipThreadFactory(config.name(), "replay", true));
        }
        if (config.lossSummary()) {
            deliverer.reportLosses(new LossSummary(sink.encoder(config.encoder()), metrics, LOSS_SUMMARY_INTERVAL_NANOS));
        }
        return replay;
    }

    private static SpillStore openStore(PipelineConfig config, PipelineMetrics metrics, Diagnostics diagnostics) {
        if (config.spill() == null) {
            return null;
        }
        try {
            return SpillStore.open(config.spill(), metrics, diagnostics);
        } catch (SpillException e) {
            throw new IllegalStateException("logship: " + e.getMessage(), e);
        }
    }

    private static Sink graylog(PipelineConfig config) {
        return dev.logship.core.sink.GraylogSinks.open(config.graylog(), config.connectTimeout(),
                config.requestTimeout(), config.maxInFlight() + 1);
    }

    private static Sink elasticsearch(PipelineConfig config) {
        return ElasticsearchSink.open(config.elasticsearch(), config.connectTimeout(), config.requestTimeout(),
                config.maxInFlight() + 1);
    }

    /** Builds and starts a pipeline; its threads run until {@link #stop()}. */
    public static <E> Pipeline<E> start(PipelineConfig config, EventReader<E> reader) {
        Pipeline<E> pipeline = new Pipeline<>(config, reader);
        if (pipeline.shutdownHook != null) {
            // before any thread starts: this throws when the JVM is already exiting, and nothing leaks
            try {
                Runtime.getRuntime().addShutdownHook(pipeline.shutdownHook);
            } catch (RuntimeException exiting) {
                if (pipeline.store != null) {
                    pipeline.store.close();
                }
                pipeline.sink.close();
                throw exiting;
            }
        }
        pipeline.deliverer.start();
        if (pipeline.replayer != null) {
            pipeline.replayer.start();
        }
        pipeline.ring.start();
        pipeline.mbean.register(config.name(), pipeline.diagnostics);
        pipeline.accepting = true;
        pipeline.diagnostics.info("logship: started " + config);
        return pipeline;
    }

    /**
     * Accepts one captured event, on the application thread: bounded by the overflow policy, never
     * throws, never does I/O.
     *
     * @return false when the event was dropped (and counted)
     */
    public boolean offer(E captured) {
        return offer(captured, null);
    }

    /**
     * As {@link #offer(Object)}, with something the appender's {@link EventReader} will receive beside
     * the event on the encode thread (state copied on the application thread, say).
     */
    public boolean offer(E captured, Object attachment) {
        if (!accepting) {
            metrics.dropped(DropReason.STOPPED, 1);
            return false;
        }
        return ring.offer(captured, attachment);
    }

    /** Counts an event the appender failed to capture (the framework threw while it was read). */
    public void captureFailed() {
        metrics.dropped(DropReason.CAPTURE_FAILED, 1);
    }

    /** Counts an event logged on one of logship's own threads, deliberately not shipped. */
    public void ignoreInternal() {
        metrics.ignoredInternal();
    }

    /**
     * Sends what was accepted before this call without waiting for {@code linger}, and waits until it is
     * delivered or dropped, or {@code timeout} passes.
     *
     * @return true when everything accepted before the call is settled
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = ring.published() - 1;
        if (last < 0) {
            return true;
        }
        batcher.requestFlush(last);
        ring.wake();
        try {
            while (!batcher.flushedThrough(last)) {
                if (!waitUntil(deadline)) {
                    return false;
                }
                ring.wake();
            }
            long needed = batcher.flushedBatches();
            while (deliverer.oldestInFlight() <= needed) {
                if (!waitUntil(deadline)) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean waitUntil(long deadline) throws InterruptedException {
        if (System.nanoTime() - deadline >= 0) {
            return false;
        }
        Thread.sleep(1);
        return true;
    }

    /**
     * Stops accepting, delivers what is queued within {@code shutdownTimeout}, counts the rest as
     * {@link DropReason#SHUTDOWN}, and ends every thread. Idempotent.
     */
    public void stop() {
        stop(System.nanoTime() + config.shutdownTimeout().toNanos());
    }

    private void stop(long deadline) {
        synchronized (this) {
            if (stopped) {
                awaitStopped();
                return;
            }
            stopped = true;
        }
        try {
            stopOnce(deadline);
        } finally {
            stoppedLatch.countDown();
        }
    }

    /** A second caller (Logback's own hook beside ours, say) returns when the first has finished. */
    private void awaitStopped() {
        try {
            stoppedLatch.await(config.shutdownTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The JVM is exiting: other shutdown hooks (a framework closing its context) may still log, so keep
     * accepting while delivering what is queued, for at most half the shutdown budget, then stop.
     */
    private void stopAtExit() {
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        flush(config.shutdownTimeout().dividedBy(2));
        stop(deadline);
    }

    private void stopOnce(long deadline) {
        accepting = false;
        batcher.stopBy(deadline);
        boolean interrupted = false;
        try {
            flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            ring.halt(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + 1000);
            if (replayer != null) {
                // a write-ahead store holds this run's events: deliver them while there is time
                replayer.stop(config.spill().mode() == SpillMode.WRITE_AHEAD ? deadline : System.nanoTime());
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        try {
            deliverer.stop(deadline); // whatever happened above: the senders end, spilling what they hold
            if (replayer != null) {
                replayer.awaitExit(2000); // closing the sink ended any replay request still out
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            long lost = ring.published() - metrics.settled();
            if (lost > 0) {
                metrics.dropped(DropReason.SHUTDOWN, lost);
            }
            if (store != null) {
                store.close();
            }
            mbean.unregister();
            removeShutdownHook();
            MetricsSnapshot last = metrics.snapshot();
            diagnostics.info("logship: stopped '" + config.name() + "': received " + last.received() + ", delivered "
                    + last.delivered() + (store == null ? "" : ", spilled " + last.spilled() + ", replayed "
                    + last.replayed() + ", left in the spill store " + last.spillEvents()) + ", dropped "
                    + last.droppedTotal() + " " + nonZero(last.dropped())
                    + (last.blocked() == 0 ? "" : "; logging calls that waited for room in the ring: " + last.blocked()));
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook == null || Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting; the hook runs (and returns at once) anyway
        }
    }

    private static Map<DropReason, Long> nonZero(Map<DropReason, Long> drops) {
        Map<DropReason, Long> result = new java.util.EnumMap<>(DropReason.class);
        drops.forEach((reason, count) -> {
            if (count > 0) {
                result.put(reason, count);
            }
        });
        return result;
    }

    public MetricsSnapshot metrics() {
        return metrics.snapshot();
    }

    /** Whether the sink answered the last request, and since when it has not. */
    public dev.logship.core.diag.SinkStatus sinkStatus() {
        return deliverer.sinkStatus();
    }

    /** What the pipeline ships to, without credentials. */
    public String sinkDescription() {
        return sink.describe();
    }

    /** Slots of the ring buffer. */
    public int ringBufferSize() {
        return config.ringBufferSize();
    }

    /** The JMX bean's name, or null when it could not be registered. */
    public ObjectName mbeanName() {
        return mbean.objectName();
    }

    public PipelineConfig config() {
        return config;
    }
}
