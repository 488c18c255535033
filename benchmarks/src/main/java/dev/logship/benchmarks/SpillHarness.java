package dev.logship.benchmarks;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.logship.core.batch.Batch;
import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.core.diag.PipelineMetrics;
import dev.logship.core.spill.FsyncPolicy;
import dev.logship.core.spill.SpillSettings;
import dev.logship.core.spill.SpillStore;
import dev.logship.logback.LogshipAppender;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The spill store's numbers on this machine, three phases in one JVM:
 *
 * <ol>
 *   <li><b>outage</b>: Logback + logship log at {@code --rate} events/s for {@code --outage} seconds to a
 *       sink that is down (nothing listens on its port), then a {@link CountingBulkReceiver} comes up on that
 *       port; reports the slowest logging calls and whether every event arrived. The same paced workload
 *       with the sink up first, as the baseline.</li>
 *   <li><b>spill write</b>: realistic ECS bulk records appended to a store straight, zstd then gzip:
 *       MB/s (uncompressed) and events/s.</li>
 *   <li><b>replay</b>: a store of those events drained by a pipeline into the local receiver.</li>
 * </ol>
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.logship.benchmarks.SpillHarness [--rate 20000] [--outage 15]
 *     [--write-events 2000000] [--csv benchmarks/results/spill.csv]</pre>
 */
public final class SpillHarness {
    private SpillHarness() {
    }

    public static void main(String[] args) throws Exception {
        int rate = intOption(args, "--rate", 20_000);
        int outage = intOption(args, "--outage", 15);
        int writeEvents = intOption(args, "--write-events", 2_000_000);
        String csv = option(args, "--csv");
        Path work = Files.createTempDirectory("logship-spill-bench");
        StringBuilder rows = new StringBuilder();
        try {
            outage(work.resolve("warmup"), rate, 5, false); // JIT and class loading, not recorded
            Latency noop = noop(rate, outage);
            Latency baseline = outage(work.resolve("baseline"), rate, outage, false);
            Latency during = outage(work.resolve("outage"), rate, outage, true);
            System.out.println(noop.human("no-op appender"));
            System.out.println(baseline.human("sink up (baseline)"));
            System.out.println(during.human("sink down " + outage + " s"));
            System.out.printf(Locale.ROOT, "outage/baseline: max %.2fx, p99.9 %.2fx%n",
                    (double) during.max / baseline.max, (double) during.p999 / baseline.p999);
            rows.append(noop.csv("noop", rate, outage)).append(baseline.csv("baseline", rate, outage)).append(during.csv("outage", rate, outage));
            for (String codec : new String[] {"zstd", "gzip"}) {
                Path dir = work.resolve("write-" + codec);
                Write write = write(dir, codec, writeEvents);
                System.out.println(write.human());
                Replay replay = replay(dir, write.events);
                System.out.println(replay.human(codec));
                rows.append(write.csv()).append(replay.csv(codec));
            }
        } finally {
            delete(work);
        }
        System.out.print("date,phase,codec,rate,outage_s,events,seconds,events_per_s,mb_per_s,max_us,p999_us,p99_us,"
                + "delivered,dropped,calls_over_1ms\n" + rows);
        if (csv != null) {
            Path file = Path.of(csv);
            if (!Files.exists(file)) {
                Files.writeString(file, "date,phase,codec,rate,outage_s,events,seconds,events_per_s,mb_per_s,max_us,"
                        + "p999_us,p99_us,delivered,dropped,calls_over_1ms\n");
            }
            Files.writeString(file, rows.toString(), java.nio.file.StandardOpenOption.APPEND);
        }
    }

    // ------------------------------------------------------------------ outage

    record Latency(long events, long max, long p999, long p99, long overOneMs, long delivered, long dropped,
                   double drainSeconds, long gcMillis) {
        String human(String label) {
            return String.format(Locale.ROOT, "%-22s %,d events: slowest call %,d us, p99.9 %,d us, p99 %,d us, "
                            + "%d calls over 1 ms (GC paused %,d ms meanwhile); delivered %,d, dropped %,d; backlog "
                            + "drained %.1f s after the sink came up", label, events, max / 1000, p999 / 1000, p99 / 1000,
                    overOneMs, gcMillis, delivered, dropped, drainSeconds);
        }

        String csv(String phase, int rate, int outage) {
            return String.format(Locale.ROOT, "%s,%s,zstd,%d,%d,%d,%.1f,%d,,%d,%d,%d,%d,%d,%d%n",
                    java.time.Instant.now(), phase, rate, phase.equals("outage") ? outage : 0, events, drainSeconds, rate,
                    max / 1000, p999 / 1000, p99 / 1000, delivered, dropped, overOneMs);
        }
    }

    /** The same paced calls into a Logback appender that does nothing: what the JVM and machine add by themselves. */
    private static Latency noop(int rate, int seconds) throws Exception {
        LoggerContext context = LogbackSetup.newContext("spill-noop");
        Logger logger = LogbackSetup.attach(context, LogbackSetup.noop());
        try {
            long gcBefore = gcMillis();
            long[] calls = paced(logger, rate, seconds);
            return latency(calls, calls.length, 0, 0, gcMillis() - gcBefore);
        } finally {
            context.stop();
        }
    }

    /** Logs {@code rate × seconds} events at {@code rate}; the time each call took, in nanoseconds. */
    private static long[] paced(Logger logger, int rate, int seconds) throws InterruptedException {
        int events = rate * seconds;
        long[] calls = new long[events];
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            long before = System.nanoTime();
            logger.atInfo().addKeyValue("orderId", 100_000 + i).addKeyValue("amount", i % 977)
                    .log("order {} placed by customer {}", i, i % 5000);
            calls[i] = System.nanoTime() - before;
            if ((i & 255) == 255) {
                long wait = start + (long) ((i + 1) * 1e9 / rate) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
        }
        return calls;
    }

    private static Latency latency(long[] calls, long delivered, long dropped, double drain, long gc) {
        int events = calls.length;
        Arrays.sort(calls);
        long over = Arrays.stream(calls).filter(c -> c > 1_000_000).count();
        return new Latency(events, calls[events - 1], calls[(int) (events * 0.999)], calls[(int) (events * 0.99)],
                over, delivered, dropped, drain, gc);
    }

    private static Latency outage(Path spool, int rate, int seconds, boolean down) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CountingBulkReceiver receiver = down ? null : new CountingBulkReceiver(port);
        LoggerContext context = LogbackSetup.newContext("spill-" + (down ? "outage" : "baseline"));
        String url = "http://127.0.0.1:" + port;
        LogshipAppender appender = LogbackSetup.logship(a -> {
            a.setElasticsearch(LogbackSetup.elasticsearch(url));
            a.setConnectTimeout("1s");
            a.setMaxRetries("2");
            a.setInitialBackoff("100ms");
            a.setMaxBackoff("1s");
            dev.logship.logback.SpillSettings spill = new dev.logship.logback.SpillSettings();
            spill.setDirectory(spool.toString());
            a.setSpill(spill);
        });
        Logger logger = LogbackSetup.attach(context, appender);
        try {
            int events = rate * seconds;
            long gcBefore = gcMillis();
            long[] calls = paced(logger, rate, seconds);
            long gc = gcMillis() - gcBefore;
            if (down) {
                receiver = new CountingBulkReceiver(port);
            }
            long up = System.nanoTime();
            long deadline = up + TimeUnit.MINUTES.toNanos(5);
            while (System.nanoTime() < deadline) {
                MetricsSnapshot m = appender.metrics();
                if (m.delivered() + m.replayed() + m.droppedAfterAccept() - m.droppedFromStore() >= events
                        && m.spillEvents() == 0) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
            double drain = (System.nanoTime() - up) / 1e9;
            MetricsSnapshot m = appender.metrics();
            return latency(calls, m.delivered() + m.replayed(), m.droppedTotal(), drain, gc);
        } finally {
            context.stop();
            if (receiver != null) {
                receiver.close();
            }
        }
    }

    private static long gcMillis() {
        long total = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    // ------------------------------------------------------------------ spill write

    record Write(String codec, long events, long rawBytes, long storedBytes, double seconds) {
        String human() {
            return String.format(Locale.ROOT, "spill write %-4s %,d events, %,d MB raw -> %,d MB on disk (%.1fx): "
                            + "%,.0f events/s, %,.0f MB/s", codec, events, rawBytes >> 20, storedBytes >> 20,
                    (double) rawBytes / storedBytes, events / seconds, rawBytes / seconds / (1 << 20));
        }

        String csv() {
            return String.format(Locale.ROOT, "%s,spill-write,%s,,,%d,%.2f,%.0f,%.1f,,,,,,%n", java.time.Instant.now(),
                    codec, events, seconds, events / seconds, rawBytes / seconds / (1 << 20));
        }
    }

    private static Write write(Path dir, String codec, int events) throws Exception {
        System.setProperty("logship.spill.codec", codec);
        int perBatch = 5000;
        Batch[] batches = new Batch[8];
        for (int b = 0; b < batches.length; b++) {
            batches[b] = new Batch(perBatch * 400);
            for (int i = 0; i < perBatch; i++) {
                byte[] record = record(b * perBatch + i);
                batches[b].appendRecord(record, 0, record.length);
            }
            batches[b].timeSpan(System.currentTimeMillis(), System.currentTimeMillis());
        }
        long raw = 0;
        SpillSettings settings = SpillSettings.in(dir).withMaxSize(64L << 30).withFsync(FsyncPolicy.INTERVAL);
        try (SpillStore store = SpillStore.open(settings, new PipelineMetrics(), dev.logship.core.diag.Diagnostics.stderr())) {
            // warm-up: one pass of every batch, then a fresh store
            long start = System.nanoTime();
            for (int written = 0, b = 0; written < events; written += perBatch, b = (b + 1) % batches.length) {
                if (store.append(batches[b], null) != SpillStore.Appended.STORED) {
                    throw new IllegalStateException("spill append failed");
                }
                raw += batches[b].data().size();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Write(codec, store.pendingEvents(), raw, store.sizeBytes(), seconds);
        } finally {
            System.clearProperty("logship.spill.codec");
        }
    }

    /** An ECS bulk record as logship writes one: action line and document, varied like real logs. */
    private static byte[] record(int i) {
        String id = Long.toString(0x5DEECE66DL * (i + 1) & 0xFFFFFFFFFFFFL, 36);
        return ("{\"create\":{\"_index\":\"logs-bench-default\",\"_id\":\"" + id + "AAAAAAAAAAAA\"}}\n"
                + "{\"@timestamp\":\"2026-11-26T10:" + String.format("%02d:%02d.%06dZ", i / 60000 % 60, i / 1000 % 60,
                        i % 1000 * 997) + "\",\"log.level\":\"" + (i % 50 == 0 ? "WARN" : "INFO")
                + "\",\"message\":\"order " + i + " placed by customer " + (i % 5000) + "\",\"ecs.version\":\"8.11\","
                + "\"service.name\":\"checkout\",\"host.name\":\"web-" + (i % 7) + "\",\"event.id\":\"" + id
                + "AAAAAAAAAAAA\",\"log.logger\":\"shop.checkout.OrderService\",\"process.thread.name\":\"http-nio-8080-exec-"
                + (i % 24) + "\",\"labels.requestId\":\"" + Integer.toHexString(i * 31 + 7) + "\",\"orderId\":" + (100_000 + i)
                + ",\"amount\":" + (i % 977) + "}\n").getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ replay

    record Replay(long events, double seconds, long delivered) {
        String human(String codec) {
            return String.format(Locale.ROOT, "replay %-4s %,d events into the local receiver in %.1f s: %,.0f events/s",
                    codec, delivered, seconds, delivered / seconds);
        }

        String csv(String codec) {
            return String.format(Locale.ROOT, "%s,replay,%s,,,%d,%.2f,%.0f,,,,,%d,,%n", java.time.Instant.now(), codec,
                    events, seconds, delivered / seconds, delivered);
        }
    }

    private static Replay replay(Path dir, long events) throws Exception {
        try (CountingBulkReceiver receiver = new CountingBulkReceiver()) {
            LoggerContext context = LogbackSetup.newContext("spill-replay");
            LogshipAppender appender = LogbackSetup.logship(a -> {
                a.setElasticsearch(LogbackSetup.elasticsearch(receiver.url()));
                dev.logship.logback.SpillSettings spill = new dev.logship.logback.SpillSettings();
                spill.setDirectory(dir.toString());
                spill.setMaxSize("64GB");
                spill.setReplayRate("0");
                a.setSpill(spill);
            });
            long start = System.nanoTime();
            LogbackSetup.attach(context, appender);
            try {
                while (appender.metrics().spillEvents() > 0) {
                    TimeUnit.MILLISECONDS.sleep(5);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (appender.metrics().dropped(DropReason.SPILL_CORRUPT) > 0) {
                    throw new IllegalStateException("corrupt records while replaying");
                }
                return new Replay(events, seconds, receiver.records());
            } finally {
                context.stop();
            }
        }
    }

    // ------------------------------------------------------------------ options

    private static String option(String[] args, String name) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static int intOption(String[] args, String name, int fallback) {
        String value = option(args, name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
