package dev.logship.benchmarks;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.logback.LogshipAppender;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.MDC;

/**
 * What one {@code logger.info("User {} logged in from {}", userId, ip)} with three MDC entries costs
 * the application thread: through {@link LogshipAppender} ({@code appender=logship}) beside the same
 * call through a Logback appender that does nothing ({@code appender=noop}), each in its own private
 * {@link LoggerContext}. The difference is what logship adds to a logging call.
 *
 * <p>The encode thread cannot keep pace with a thread that does nothing but log (no real application
 * does that), so in a plain loop the ring buffer would fill and the measurement would be of the drop
 * path. Each invocation therefore logs a burst of {@value #BURST} calls, well within the ring's
 * 16384 slots, and the pipeline is drained (flushed to an in-process {@link AckingSink}) between
 * bursts, outside the measured time. Scores are per call ({@link OperationsPerInvocation}). The
 * {@code dropped} counter in the results (events lost per iteration) shows that the ring kept up;
 * it must be 0.
 *
 * <p>{@code appThreadBytesPerCall} is what the application thread itself allocated per call,
 * measured with {@code ThreadMXBean#getCurrentThreadAllocatedBytes} around each burst. With
 * {@code -prof gc}, {@code gc.alloc.rate.norm} is per call too, but counts every thread of the JVM,
 * so for logship it includes the encode and deliver threads' garbage.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar AppThreadCost -prof gc</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Thread)
public class AppThreadCostBenchmark {
    /** Calls per invocation: a quarter of the ring, so a burst never meets a full ring. */
    static final int BURST = 4096;
    private static final String RING_BUFFER_SIZE = "16384";
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    @Param({"noop", "logship"})
    public String appender;

    private final Integer userId = 48_213;
    private final String ip = "203.0.113.42";
    private LoggerContext context;
    private Logger logger;
    private LogshipAppender ship;
    private AckingSink sink;
    private long droppedBefore;

    @Setup(Level.Trial)
    public void start() {
        context = LogbackSetup.newContext("bench-" + appender);
        if ("logship".equals(appender)) {
            sink = new AckingSink();
            ship = LogbackSetup.logship(a -> {
                a.setSink(sink);
                a.setRingBufferSize(RING_BUFFER_SIZE);
            });
            logger = LogbackSetup.attach(context, ship);
        } else if ("noop".equals(appender)) {
            logger = LogbackSetup.attach(context, LogbackSetup.noop());
        } else {
            throw new IllegalArgumentException("appender must be noop or logship, not " + appender);
        }
    }

    /** Three MDC entries on the benchmark thread (set per iteration in case JMH changes threads). */
    @Setup(Level.Iteration)
    public void mdc() {
        MDC.put("tenant", "acme");
        MDC.put("requestId", "req-7f3a9c1e");
        MDC.put("sessionId", "s-19d2b7");
        droppedBefore = dropped();
    }

    /** Empties the ring (everything logged so far is delivered) before the next burst; not measured. */
    @Setup(Level.Invocation)
    public void drain() {
        if (ship != null && !ship.flush(DRAIN_TIMEOUT)) {
            throw new IllegalStateException("the pipeline did not drain within " + DRAIN_TIMEOUT);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void logInfo(AppThread counters) {
        long before = counters.allocatedBytes();
        for (int i = 0; i < BURST; i++) {
            logger.info("User {} logged in from {}", userId, ip);
        }
        counters.burst(before, BURST);
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (ship != null) {
            ship.flush(DRAIN_TIMEOUT);
            MetricsSnapshot m = ship.metrics();
            System.out.printf("%n[logship] received %,d, delivered %,d, dropped %,d; sink acknowledged %,d events in"
                    + " %,d batches, %,d bytes encoded, %,d bytes sent%n", m.received(), m.delivered(),
                    m.droppedTotal(), sink.acknowledged(), m.batches(), m.bytesEncoded(), sink.bytes());
        }
        context.stop();
        MDC.clear();
    }

    private long dropped() {
        return ship == null ? 0 : ship.metrics().droppedTotal();
    }

    /** Events dropped since this iteration began. */
    long droppedThisIteration() {
        return dropped() - droppedBefore;
    }

    /** Secondary results: the application thread's own allocation per call, and events dropped. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class AppThread {
        private static final com.sun.management.ThreadMXBean THREADS =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        /** Events dropped during this iteration (ring full or otherwise); 0 when the ring kept up. */
        public long dropped;
        private long bytes;
        private long calls;

        @Setup(Level.Iteration)
        public void reset() {
            dropped = 0;
            bytes = 0;
            calls = 0;
        }

        /** After each burst, outside the measured time. */
        @TearDown(Level.Invocation)
        public void countDrops(AppThreadCostBenchmark benchmark) {
            dropped = benchmark.droppedThisIteration();
        }

        /** Bytes the benchmark thread allocated per logging call in this iteration. */
        public double appThreadBytesPerCall() {
            return calls == 0 ? 0 : (double) bytes / calls;
        }

        long allocatedBytes() {
            return THREADS.getCurrentThreadAllocatedBytes();
        }

        void burst(long allocatedBefore, int count) {
            bytes += allocatedBytes() - allocatedBefore;
            calls += count;
        }
    }
}
