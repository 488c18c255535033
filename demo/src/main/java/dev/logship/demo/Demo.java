package dev.logship.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.logback.LogshipAppender;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * {@code ./demo}: starts a real OpenSearch node on loopback (or uses {@code --url}), runs a checkout service that
 * logs through SLF4J/Logback + logship at a steady rate, takes the sink away for a stretch a third of the way in
 * and brings it back (logship spills to disk meanwhile and replays afterwards), then counts the events back from
 * OpenSearch by event id and prints a summary. Exit status 0 when every event logged is there once and none was
 * dropped.
 */
public final class Demo {
    static final String DATA_STREAM = "logs-checkout-default";
    static final String RUN_FIELD = "labels.run";

    private final DemoOptions options;
    private final Screen screen;

    Demo(DemoOptions options, PrintStream out) {
        this.options = options;
        this.screen = new Screen(out);
    }

    /** What the demo found: the numbers of its summary. */
    record Result(long logged, long delivered, long spilled, long replayed, long dropped, long duplicates) {
        boolean ok() {
            return delivered == logged && dropped == 0 && duplicates == 0;
        }
    }

    public static void main(String[] args) throws Exception {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("demo: " + e.getMessage());
            }
            System.err.println(DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        Result result = new Demo(options, System.out).run();
        System.exit(result.ok() ? 0 : 1);
    }

    Result run() throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("logship-demo-");
        EmbeddedNode node = null;
        try {
            String target = options.url();
            if (target == null) {
                screen.line("Starting a real OpenSearch node on loopback (its log: " + work.resolve("node.log") + ") ...");
                node = EmbeddedNode.start(work);
                target = node.url();
            }
            Result result = ship(target, work.resolve("spill"));
            if (options.keep()) {
                keep(target, node);
            }
            return result;
        } finally {
            if (node != null && !options.keep()) {
                node.close();
            }
            delete(work);
        }
    }

    private Result ship(String target, Path spill) throws IOException, InterruptedException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        NodeClient es = new NodeClient(target);
        try (SwitchableProxy sink = new SwitchableProxy(target)) {
            LogshipAppender appender = attach(sink.url(), spill);
            screen.line(String.format("Logging %,d events at %,d/s as service 'checkout' (run %s) to %s%s", options.events(),
                    options.rate(), run, target, options.outage().isZero() ? ""
                            : "; the sink goes away for " + seconds(options.outage()) + " a third of the way in"));
            CheckoutService service = new CheckoutService(run, options.events());
            Outage outage = new Outage(sink, options.outage(), options.loggingTime().dividedBy(3));
            Progress progress = new Progress(screen, service, appender, outage, options.events());
            progress.start();
            outage.start();
            long started = System.nanoTime();
            long loggingNanos = service.run(options.events(), options.rate());
            outage.join();
            drain(appender);
            long settledNanos = System.nanoTime() - started;
            progress.finish();

            MetricsSnapshot metrics = appender.metrics();
            long delivered = countBack(es, run, metrics.delivered() + metrics.replayed());
            long duplicates = es.duplicates(DATA_STREAM, RUN_FIELD, run, "event.id");
            ((LoggerContext) LoggerFactory.getILoggerFactory()).reset();
            Result result = new Result(service.logged(), delivered, metrics.spilled(), metrics.replayed(),
                    metrics.droppedTotal(), duplicates);
            summary(result, loggingNanos, settledNanos, service.percentiles(), target);
            return result;
        }
    }

    private LogshipAppender attach(String url, Path spill) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        LogshipAppender appender = new LogshipAppender();
        appender.setContext(context);
        appender.setName("SHIP");
        appender.setOptions(Map.ofEntries(Map.entry("elasticsearch.url", url),
                Map.entry("elasticsearch.dataStream", DATA_STREAM), Map.entry("elasticsearch.bootstrapTemplate", "true"),
                Map.entry("serviceName", "checkout"), Map.entry("spill.directory", spill.toString()),
                Map.entry("batch.linger", "200ms"), Map.entry("connectTimeout", "1s"),
                Map.entry("initialBackoff", "100ms"), Map.entry("maxBackoff", "1s"),
                Map.entry("flushOnExit", "false")));
        appender.setConfigCustomizer(config -> config.diagnostics(screen.diagnostics()));
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalStateException("the logship appender did not start; see the messages above");
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.DEBUG);
        root.addAppender(appender);
        return appender;
    }

    /** Waits until everything logged is delivered (live or replayed from the spill store) or dropped. */
    private void drain(LogshipAppender appender) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            appender.flush(Duration.ofSeconds(5));
            MetricsSnapshot m = appender.metrics();
            if (m.spillEvents() == 0 && m.inFlight() == 0 && m.delivered() + m.replayed() + m.droppedTotal() >= m.received()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100); // the replayer works through the spill store meanwhile
        }
        screen.line("Gave up waiting for the spill store to drain after 5 minutes.");
    }

    /** The run's documents in OpenSearch, once the count stops changing (at most 30 s) or reaches {@code expected}. */
    private static long countBack(NodeClient es, String run, long expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long count = es.count(DATA_STREAM, RUN_FIELD, run);
        while (count < expected && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(250);
            count = es.count(DATA_STREAM, RUN_FIELD, run);
        }
        return count;
    }

    private void summary(Result r, long loggingNanos, long settledNanos, long[] latency, String target) {
        double secondsLogging = loggingNanos / 1e9;
        screen.line("");
        screen.line("  logged               " + String.format("%,d events in %.1f s (%,.0f/s)", r.logged(), secondsLogging,
                r.logged() / secondsLogging));
        screen.line("  delivered            " + String.format("%,d", r.delivered()) + "   counted back from " + target
                + " by event id" + (r.duplicates() == 0 ? ", none twice" : ", " + r.duplicates() + " ids twice"));
        screen.line("  spilled to disk      " + String.format("%,d", r.spilled()) + "   while the sink could not take them");
        screen.line("  replayed from disk   " + String.format("%,d", r.replayed()));
        screen.line("  end to end           " + String.format((r.ok() ? "all delivered" : "settled")
                + " %.1f s after the first event was logged "
                + "(%,.0f events/s, outage and replay included)", settledNanos / 1e9, r.delivered() / (settledNanos / 1e9)));
        screen.line("  dropped              " + String.format("%,d", r.dropped()));
        screen.line("  log call latency     p50 " + micros(latency[0]) + " · p99 " + micros(latency[1]) + " · p99.9 "
                + micros(latency[2]) + " · max " + micros(latency[3]));
        screen.line("                       (a cold JVM beside the OpenSearch node; steady-state costs: benchmarks/README.md)");
        screen.line("");
        screen.line(r.ok() ? "  OK: every event logged is in OpenSearch, once; none dropped."
                : "  NOT OK: " + (r.logged() - r.delivered()) + " events missing, " + r.dropped() + " dropped, "
                        + r.duplicates() + " duplicated.");
    }

    private void keep(String target, EmbeddedNode node) throws InterruptedException {
        screen.line("");
        screen.line("Search the events:");
        screen.line("  curl -s '" + target + "/" + DATA_STREAM + "/_search?q=log.level:ERROR&size=1&pretty'");
        screen.line("  curl -s '" + target + "/" + DATA_STREAM + "/_count?pretty'");
        if (node != null) {
            screen.line("The OpenSearch node keeps running; Ctrl-C stops it.");
            EmbeddedNode running = node;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    running.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            node.awaitExit();
        }
    }

    static String micros(long nanos) {
        return nanos >= 1_000_000 ? String.format("%.1f ms", nanos / 1e6) : String.format("%.1f µs", nanos / 1e3);
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
