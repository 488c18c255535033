package dev.logship.benchmarks;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.logback.LogshipAppender;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * End-to-end throughput: {@link Workload} producers log through {@link LogshipAppender}
 * ({@code overflowPolicy=BLOCK} with a long {@code maxBlock}, so nothing may be dropped) to a
 * {@link CountingBulkReceiver} in the same JVM; after a warm-up, the sustained phase is timed from
 * the first logging call to the receiver's last acknowledgement. With {@code --baseline} the same
 * workload first runs into a no-op Logback appender in this JVM, and the logship result states its
 * logging rate relative to that.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.logship.benchmarks.ThroughputHarness \
 *     --events 2000000 --producers 1 --compression zstd [--baseline] [--csv benchmarks/results/throughput.csv]</pre>
 *
 * Prints a readable summary per phase, then each phase as a CSV row (header first); {@code --csv}
 * also appends the rows to a file.
 */
public final class ThroughputHarness {
    private static final Duration FLUSH_TIMEOUT = Duration.ofMinutes(10);
    /** logship names its threads {@code logship-<appender>-<stage>}; the appender here is {@code SHIP}. */
    private static final String PIPELINE_THREADS = "logship-";
    private static final String ENCODE_THREAD = "logship-SHIP-encode";

    private ThroughputHarness() {
    }

    public static void main(String[] args) throws Exception {
        HarnessOptions options;
        try {
            options = HarnessOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(HarnessOptions.USAGE);
            System.exit(2);
            return;
        }
        ThroughputResult noop = options.baseline() ? baseline(options) : null;
        if (noop != null) {
            System.out.println(noop.human());
        }
        ThroughputResult logship = logship(options);
        if (noop != null) {
            logship = logship.withBaseline(noop);
        }
        System.out.println(logship.human());
        System.out.println(ThroughputResult.CSV_HEADER);
        for (ThroughputResult result : noop == null ? new ThroughputResult[] {logship}
                : new ThroughputResult[] {noop, logship}) {
            System.out.println(result.csv());
            if (options.csv() != null) {
                result.appendTo(options.csv());
            }
        }
        if (logship.dropped() > 0 || logship.acknowledged() != options.events()) {
            System.err.printf("WARNING: %,d of %,d events dropped, %,d acknowledged%n", logship.dropped(),
                    options.events(), logship.acknowledged());
            System.exit(1);
        }
    }

    /** The same workload into a Logback appender that does nothing. */
    private static ThroughputResult baseline(HarnessOptions options) throws InterruptedException {
        LoggerContext context = LogbackSetup.newContext("throughput-noop");
        try {
            Logger logger = LogbackSetup.attach(context, LogbackSetup.noop());
            Workload.run(logger, options.producers(), options.warmupEvents());
            Workload.Run run = Workload.run(logger, options.producers(), options.events());
            return new ThroughputResult("noop", options.compression(), options.producers(), options.events(),
                    run.seconds(), Double.NaN, 0, 0, 0, 0, 0, (double) run.allocatedBytes() / run.events(),
                    liveHeap(), 0, 0, 0, Double.NaN);
        } finally {
            context.stop();
        }
    }

    private static ThroughputResult logship(HarnessOptions options) throws Exception {
        try (CountingBulkReceiver receiver = options.url() == null ? new CountingBulkReceiver() : null) {
            String url = receiver != null ? receiver.url() : options.url();
            LoggerContext context = LogbackSetup.newContext("throughput-logship");
            try {
                LogshipAppender appender = LogbackSetup.logship(a -> {
                    dev.logship.logback.ElasticsearchSettings target = LogbackSetup.elasticsearch(url);
                    target.setDataStream(HarnessOptions.DATA_STREAM);
                    a.setElasticsearch(target);
                    a.setCompression(options.compression());
                    a.setOverflowPolicy("BLOCK");
                    a.setMaxBlock("10m");
                });
                Logger logger = LogbackSetup.attach(context, appender);
                if (options.warmupEvents() > 0) {
                    Workload.run(logger, options.producers(), options.warmupEvents());
                    flush(appender);
                }
                MetricsSnapshot before = appender.metrics();
                if (receiver != null) {
                    receiver.reset();
                }
                long pipelineCpu = ThreadCpu.nanos(PIPELINE_THREADS);
                long encodeCpu = ThreadCpu.nanos(ENCODE_THREAD);
                long receiverCpu = ThreadCpu.nanos(CountingBulkReceiver.THREAD_PREFIX);
                Workload.Run run = Workload.run(logger, options.producers(), options.events());
                flush(appender);
                long flushedNanos = System.nanoTime();
                pipelineCpu = ThreadCpu.nanos(PIPELINE_THREADS) - pipelineCpu;
                encodeCpu = ThreadCpu.nanos(ENCODE_THREAD) - encodeCpu;
                receiverCpu = ThreadCpu.nanos(CountingBulkReceiver.THREAD_PREFIX) - receiverCpu;
                MetricsSnapshot after = appender.metrics();
                long delivered = after.delivered() - before.delivered();
                if (after.retried() > before.retried()) {
                    System.err.printf("NOTE: %,d delivery attempts were retried (at-least-once: a retried batch may be "
                            + "counted twice by a receiver that does not deduplicate by _id)%n", after.retried() - before.retried());
                }
                long heap = liveHeap() - (receiver == null ? 0 : receiver.retainedBytes());
                if (receiver != null && receiver.errors() > 0) {
                    System.err.printf("WARNING: the receiver refused %,d requests%n", receiver.errors());
                }
                // against a real cluster the last acknowledgement is the end of the flush
                long lastAck = receiver != null ? receiver.lastAckNanos() : flushedNanos;
                return new ThroughputResult(receiver != null ? "logship" : "logship-url", options.compression(),
                        options.producers(), options.events(), run.seconds(), (lastAck - run.startNanos()) / 1e9,
                        delivered, receiver != null ? receiver.records() : delivered,
                        after.droppedTotal() - before.droppedTotal(), after.bytesEncoded() - before.bytesEncoded(),
                        after.bytesSent() - before.bytesSent(), (double) run.allocatedBytes() / run.events(), heap,
                        pipelineCpu, encodeCpu, receiverCpu, Double.NaN);
            } finally {
                context.stop();
            }
        }
    }

    private static void flush(LogshipAppender appender) {
        if (!appender.flush(FLUSH_TIMEOUT)) {
            System.err.println("WARNING: the pipeline did not settle within " + FLUSH_TIMEOUT);
        }
    }

    /** Heap in use after a full collection: what the pipeline (or the baseline) keeps alive. */
    private static long liveHeap() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
