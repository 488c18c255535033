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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.slf4j.MDC;

/**
 * What one {@code logger.info("User {} logged in from {}", userId, ip)} with three MDC entries costs
 * the application thread: through {@link LogshipAppender} ({@code appender=logship}, shipping to an
 * in-process {@link AckingSink}) beside the same call through a Logback appender that does nothing
 * ({@code appender=noop}), each in its own private {@link LoggerContext}. The difference is what
 * logship adds to a logging call. Two scenarios:
 *
 * <ul>
 *   <li>{@code burst}: back-to-back calls, {@value #BURST} per invocation (a quarter of the ring),
 *       the pipeline drained between bursts outside the measured time. The encode thread cannot keep
 *       pace with a thread that does nothing but log, so in an endless loop the ring would fill and
 *       the drop path would be measured instead; a burst never meets a full ring. Scores are per call
 *       ({@link OperationsPerInvocation}).</li>
 *   <li>{@code paced}: one call per invocation, after a busy pause of {@code gapMicros} outside the
 *       measured time, as a busy service logs (20 us: 50,000 events/s from this thread). Between two
 *       calls logship's encode thread has caught up and may be waiting, so this shows what waking it
 *       costs the caller. Timing one short call per invocation adds JMH's timer overhead (tens of ns)
 *       to both appenders alike.</li>
 * </ul>
 *
 * <p>The {@code dropped} secondary result (events lost, per iteration and summed) must be 0:
 * otherwise the ring did not keep up and the score mixes in the drop path. With {@code -prof gc},
 * {@code gc.alloc.rate.norm} is bytes per call counted over every thread of the JVM, so for logship
 * it includes the encode and deliver threads' garbage; what the application thread alone allocated
 * per call in {@code burst} ({@code ThreadMXBean#getCurrentThreadAllocatedBytes} around each burst) is
 * printed as a {@code [noop]} / {@code [logship]} line at the end of each trial.
 *
 * <p>On two cores the JIT compiler threads compete with the benchmark for a long while: keep the
 * warm-up (a few iterations of 1 s look several times slower than the steady state).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar AppThreadCost -prof gc</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class AppThreadCostBenchmark {
    /** Calls per {@code burst} invocation: a quarter of the ring, so a burst never meets a full ring. */
    static final int BURST = 4096;
    private static final String RING_BUFFER_SIZE = "16384";
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void burst(Subject subject, Drops drops) {
        Logger logger = subject.logger;
        Integer userId = subject.userId;
        String ip = subject.ip;
        long before = Subject.allocatedBytes();
        for (int i = 0; i < BURST; i++) {
            logger.info("User {} logged in from {}", userId, ip);
        }
        subject.burst(before, BURST);
    }

    @Benchmark
    public void paced(PacedSubject subject, Drops drops) {
        subject.logger.info("User {} logged in from {}", subject.userId, subject.ip);
    }

    /**
     * The logger under test, in a private context with one appender: a no-op one, or logship's. Before
     * each invocation the pipeline is drained (for {@code burst}).
     */
    @State(Scope.Thread)
    public static class Subject {
        private static final com.sun.management.ThreadMXBean THREADS =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        /**
         * The running subject, for {@link Drops#dropped()}: JMH would give a state injected into
         * another state's fixture a second instance of its own, so the counters look it up instead.
         */
        private static volatile Subject current;

        @Param({"noop", "logship"})
        public String appender;

        final Integer userId = 48_213;
        final String ip = "203.0.113.42";
        Logger logger;
        private LoggerContext context;
        private LogshipAppender ship;
        private AckingSink sink;
        private long droppedBefore;
        private boolean measuring;
        private long measuredBytes;
        private long measuredCalls;

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
            current = this;
        }

        /** Three MDC entries on the benchmark thread (set per iteration in case JMH changes threads). */
        @Setup(Level.Iteration)
        public void mdc(IterationParams iteration) {
            measuring = iteration.getType() == IterationType.MEASUREMENT;
            MDC.put("tenant", "acme");
            MDC.put("requestId", "req-7f3a9c1e");
            MDC.put("sessionId", "s-19d2b7");
            droppedBefore = dropped();
        }

        /** Not measured: runs before every invocation. */
        @Setup(Level.Invocation)
        public void beforeInvocation() {
            prepareInvocation();
        }

        /** Empties the ring (everything logged so far is delivered) before the next burst. */
        void prepareInvocation() {
            if (ship != null && !ship.flush(DRAIN_TIMEOUT)) {
                throw new IllegalStateException("the pipeline did not drain within " + DRAIN_TIMEOUT);
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            if (measuredCalls > 0) {
                System.out.printf("%n[%s] the benchmark thread allocated %.1f bytes per call (%,d calls in the"
                        + " measurement iterations)%n", appender, (double) measuredBytes / measuredCalls,
                        measuredCalls);
            }
            if (ship != null) {
                ship.flush(DRAIN_TIMEOUT);
                MetricsSnapshot m = ship.metrics();
                System.out.printf("%n[logship] received %,d, delivered %,d, dropped %,d; sink acknowledged %,d events"
                        + " in %,d batches; %,d bytes encoded, %,d bytes sent%n", m.received(), m.delivered(),
                        m.droppedTotal(), sink.acknowledged(), m.batches(), m.bytesEncoded(), sink.bytes());
            }
            context.stop();
            MDC.clear();
        }

        static long allocatedBytes() {
            return THREADS.getCurrentThreadAllocatedBytes();
        }

        /** Counts a burst's allocation on this thread, during measurement iterations only. */
        void burst(long allocatedBefore, int calls) {
            long allocated = allocatedBytes() - allocatedBefore;
            if (measuring) {
                measuredBytes += allocated;
                measuredCalls += calls;
            }
        }

        /** Events dropped since this iteration began. */
        long droppedThisIteration() {
            return dropped() - droppedBefore;
        }

        private long dropped() {
            return ship == null ? 0 : ship.metrics().droppedTotal();
        }
    }

    /** {@link Subject} for {@code paced}: a busy pause instead of a drain before each call. */
    @State(Scope.Thread)
    public static class PacedSubject extends Subject {
        /** Microseconds between two calls, spent busy (the thread stays on its core, as a busy service's would). */
        @Param({"20"})
        public long gapMicros;

        @Override
        void prepareInvocation() {
            long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(gapMicros);
            while (System.nanoTime() - until < 0) {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * A secondary result: events dropped, per iteration and summed over the measurement iterations.
     * It must be 0: otherwise the ring buffer did not keep up and the score mixes in the drop path.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Drops {
        /** Events dropped during this iteration (ring full or otherwise). */
        public long dropped() {
            Subject subject = Subject.current;
            return subject == null ? 0 : subject.droppedThisIteration();
        }
    }
}
