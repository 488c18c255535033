package dev.logship.benchmarks;

import dev.logship.log4j2.LogshipAppender;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.jmx.RingBufferAdmin;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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

/**
 * What one {@code logger.info("User {} logged in from {}", userId, ip)} with three ThreadContext entries
 * costs the application thread under Log4j2, in bursts of {@value #BURST} calls (the queues drained
 * between bursts, outside the measured time):
 *
 * <ul>
 *   <li>{@code sync-noop}: a synchronous logger into an appender that does nothing — the floor;</li>
 *   <li>{@code async-noop}: Log4j2's own all-async logger ({@link AsyncLoggerContext}, its Disruptor) into
 *       an appender that does nothing — the baseline a Log4j2 user compares against;</li>
 *   <li>{@code sync-logship}: a synchronous logger into logship's {@code <Logship>} appender (an immutable
 *       formatted copy, then logship's ring), shipping to an in-process {@link AckingSink}.</li>
 * </ul>
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar Log4j2AppThreadCost -prof gc</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class Log4j2AppThreadCostBenchmark {
    static final int BURST = 4096;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void burst(Subject subject) {
        Logger logger = subject.logger;
        Integer userId = subject.userId;
        String ip = subject.ip;
        for (int i = 0; i < BURST; i++) {
            logger.info("User {} logged in from {}", userId, ip);
        }
    }

    /** The logger under test in a private context, with the queues drained before each burst. */
    @State(Scope.Thread)
    public static class Subject {
        @Param({"sync-noop", "async-noop", "sync-logship"})
        public String setup;

        final Integer userId = 48_213;
        final String ip = "203.0.113.42";
        Logger logger;
        private LoggerContext context;
        private LogshipAppender ship;
        private RingBufferAdmin asyncRing;

        @Setup(org.openjdk.jmh.annotations.Level.Trial)
        public void start() {
            boolean async = setup.startsWith("async");
            context = async ? new AsyncLoggerContext("bench-" + setup) : new LoggerContext("bench-" + setup);
            Configuration config = new AbstractConfiguration(context, ConfigurationSource.NULL_SOURCE) { };
            context.start(config);
            // a configuration without a source gets a console appender on the root logger: remove it
            for (String name : new java.util.ArrayList<>(config.getRootLogger().getAppenders().keySet())) {
                config.getRootLogger().removeAppender(name);
            }
            Appender appender;
            if (setup.endsWith("logship")) {
                ship = LogshipAppender.newBuilder().setName("SHIP").setSink(new AckingSink()).setServiceName("bench")
                        .setFlushOnExit("false").setLossSummary("false").setRingBufferSize("16384")
                        .setConfiguration(config).build();
                appender = ship;
            } else {
                appender = new AbstractAppender("NOOP", null, null, true, Property.EMPTY_ARRAY) {
                    @Override
                    public void append(LogEvent event) {
                        // nothing: the floor
                    }
                };
            }
            appender.start();
            config.addAppender(appender);
            config.getRootLogger().addAppender(appender, Level.INFO, null);
            config.getRootLogger().setLevel(Level.INFO);
            context.updateLoggers();
            logger = context.getLogger("shop.checkout.OrderService");
            if (async) {
                asyncRing = ((AsyncLoggerContext) context).createRingBufferAdmin();
            }
            ThreadContext.put("tenant", "acme");
            ThreadContext.put("requestId", "req-7f3a9c1e");
            ThreadContext.put("sessionId", "s-19d2b7");
        }

        /** Not measured: empties the queues before every burst. */
        @Setup(org.openjdk.jmh.annotations.Level.Invocation)
        public void drain() throws InterruptedException {
            if (ship != null && !ship.flush(DRAIN_TIMEOUT)) {
                throw new IllegalStateException("logship did not drain within " + DRAIN_TIMEOUT);
            }
            if (asyncRing != null) {
                while (asyncRing.getRemainingCapacity() < asyncRing.getBufferSize()) {
                    Thread.sleep(0, 100_000);
                }
            }
        }

        @TearDown(org.openjdk.jmh.annotations.Level.Trial)
        public void stop() {
            if (ship != null) {
                System.out.printf("%n[%s] received %,d, delivered %,d, dropped %,d%n", setup, ship.metrics().received(),
                        ship.metrics().delivered(), ship.metrics().droppedTotal());
            }
            context.stop();
            ThreadContext.clearAll();
        }
    }
}
