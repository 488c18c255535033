package dev.logship.core.cli;

import dev.logship.core.batch.Batch;
import dev.logship.core.compress.Compression;
import dev.logship.core.compress.Compressor;
import dev.logship.core.config.ConfigProblems;
import dev.logship.core.deliver.Deliverer;
import dev.logship.core.deliver.RetryPolicy;
import dev.logship.core.diag.Diagnostics;
import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.core.diag.PipelineMetrics;
import dev.logship.core.encode.JsonBuffer;
import dev.logship.core.internal.LogshipThreadFactory;
import dev.logship.core.sink.ElasticsearchConfig;
import dev.logship.core.sink.ElasticsearchSink;
import dev.logship.core.sink.GraylogConfig;
import dev.logship.core.sink.GraylogSinks;
import dev.logship.core.sink.Sink;
import dev.logship.core.spill.SpillException;
import dev.logship.core.spill.SpillMode;
import dev.logship.core.spill.SpillSettings;
import dev.logship.core.spill.SpillStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code spool replay <dir> --url URL}: sends what a spill directory holds to the sink it was written for
 * — Elasticsearch/OpenSearch for {@code _bulk} records, a Graylog GELF input (http(s) or tcp; never udp, which
 * acknowledges nothing) for GELF
 * messages — and removes it once delivered. A spool sent to a URL of the other kind is refused before
 * anything is sent.
 */
final class SpoolReplay {
    private static final List<String> ELASTICSEARCH_OPTIONS = List.of("--username", "--password", "--api-key",
            "--bearer-token");

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    SpoolReplay(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** Replays {@code dir}; returns the exit status. */
    int run(Path dir, List<String> options) throws IOException {
        String url = SpoolTool.option(options, "--url");
        if (url == null) {
            throw new IllegalArgumentException("replay needs --url, e.g. --url http://localhost:9200 (Elasticsearch) "
                    + "or --url tcp://graylog:12201 (GELF)");
        }
        if (url.trim().toLowerCase(java.util.Locale.ROOT).startsWith("udp://")) {
            throw new IllegalArgumentException("replay does not send to udp:// inputs: UDP gives no acknowledgement, so "
                    + "the spool would be removed with no sign that its events arrived; replay to the same Graylog's TCP "
                    + "or HTTP GELF input instead, e.g. --url tcp://graylog:12201 or --url http://graylog:12201/gelf");
        }
        SpoolFormat target = SpoolFormat.ofUrl(url);
        Object config = target == SpoolFormat.GELF ? graylog(url, options) : elasticsearch(url, options);
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        PipelineMetrics metrics = new PipelineMetrics();
        SpillStore store;
        try {
            // no cap: leftovers of a partial replay must never push out what is being recovered
            store = SpillStore.open(SpillSettings.in(dir).withMaxSize(Long.MAX_VALUE), metrics, diagnostics());
        } catch (SpillException e) {
            err.println("logship spool: " + e.getMessage());
            return 2;
        }
        try {
            SpoolFormat held = firstFormat(store);
            if (held != null && held != target) {
                err.println(held.mismatch(dir, url, target));
                return 2;
            }
            Sink sink = config instanceof GraylogConfig graylog
                    ? GraylogSinks.open(graylog, Duration.ofSeconds(10), Duration.ofSeconds(60), 2)
                    : ElasticsearchSink.open((ElasticsearchConfig) config, Duration.ofSeconds(10), Duration.ofSeconds(60), 2);
            try {
                Character separator = config instanceof GraylogConfig graylog
                        ? GraylogSinks.separator(graylog.transport()) : null;
                replay(dir, url, target, store, sink, separator, metrics);
                MetricsSnapshot m = metrics.snapshot();
                out.println("replayed " + m.replayed() + " events to " + sink.describe() + "; rejected "
                        + m.dropped(DropReason.REJECTED) + "; left in " + dir + ": " + store.pendingEvents()
                        + (m.rejectedByType().isEmpty() ? "" : " (rejections by type: " + m.rejectedByType() + ")"));
            } finally {
                sink.close();
            }
            return store.pendingEvents() == 0 ? 0 : 1;
        } finally {
            store.close();
        }
    }

    private static ElasticsearchConfig elasticsearch(String url, List<String> options) {
        ConfigProblems problems = new ConfigProblems();
        problems.check(options.contains("--bulk"), "--bulk", "applies to a Graylog GELF HTTP input only; leave it out");
        ElasticsearchConfig config = ElasticsearchConfig.of(url, null, null, SpoolTool.option(options, "--username"),
                SpoolTool.option(options, "--password"), SpoolTool.option(options, "--api-key"),
                SpoolTool.option(options, "--bearer-token"), "spool", problems);
        problems.throwIfAny();
        return config;
    }

    private static GraylogConfig graylog(String url, List<String> options) {
        ConfigProblems problems = new ConfigProblems();
        for (String option : ELASTICSEARCH_OPTIONS) {
            problems.check(options.contains(option), option, "applies to Elasticsearch/OpenSearch only, and --url "
                    + SpoolFormat.redact(url) + " is a Graylog GELF input; leave it out");
        }
        GraylogConfig config = GraylogConfig.of(url, options.contains("--bulk") ? Boolean.TRUE : null, null, null,
                null, null, null, problems);
        problems.throwIfAny();
        return config;
    }

    private Diagnostics diagnostics() {
        return new Diagnostics() {
            @Override public void info(String message) { }
            @Override public void warn(String message, Throwable cause) { err.println(message); }
            @Override public void error(String message, Throwable cause) { err.println(message); }
        };
    }

    /** The format of the oldest waiting record (null: none waits, or it cannot be read); the record stays. */
    private static SpoolFormat firstFormat(SpillStore store) throws IOException {
        SpillStore.Record record = store.peek();
        if (record == null) {
            return null;
        }
        try {
            Batch batch = new Batch(64 * 1024);
            record.readInto(batch);
            return SpoolFormat.of(batch);
        } catch (IOException | RuntimeException | LinkageError unreadable) {
            return null; // the replay loop reports it
        } finally {
            store.release(record);
        }
    }

    private void replay(Path dir, String url, SpoolFormat target, SpillStore store, Sink sink, Character separator,
                        PipelineMetrics metrics) throws IOException {
        Deliverer deliverer = new Deliverer(sink, Compression.GZIP, 1, RetryPolicy.defaults(), 8 << 20, metrics,
                diagnostics(), new LogshipThreadFactory("spool", "replay", true));
        deliverer.spillTo(store, SpillMode.OVERFLOW);
        long total = store.pendingEvents();
        Progress progress = new Progress(total);
        try (Compressor compressor = deliverer.newCompressor()) {
            Batch batch = new Batch(64 * 1024);
            Batch framed = new Batch(64 * 1024);
            JsonBuffer body = new JsonBuffer(64 * 1024);
            int failures = 0;
            for (SpillStore.Record record; (record = store.peek()) != null; ) {
                try {
                    record.readInto(batch);
                } catch (IOException e) {
                    err.println("skipped " + record + ": " + e.getMessage());
                    store.ack(record);
                    continue;
                }
                SpoolFormat held = SpoolFormat.of(batch);
                if (held != null && held != target) { // a spool that mixes both: stop where the other kind begins
                    store.release(record);
                    progress.done();
                    err.println(held.mismatch(dir, url, target));
                    return;
                }
                Batch sending = separator == null ? batch : reframe(batch, framed, separator);
                if (deliverer.replay(sending, compressor, body) == Deliverer.Replayed.SETTLED) {
                    store.ack(record);
                    failures = 0;
                    progress.show(total - store.pendingEvents());
                } else {
                    store.release(record);
                    if (++failures > 5) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.sleep(RetryPolicy.defaults().delayNanos(failures, null));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        progress.done();
    }

    /**
     * The GELF messages of {@code batch} framed for the target transport: a spool written for TCP ends each
     * message with NUL, one for HTTP or UDP with a newline, and each input splits on its own separator.
     */
    static Batch reframe(Batch batch, Batch into, char separator) {
        into.clear(8 << 20);
        byte[] data = batch.data().array();
        byte[] record = new byte[256];
        for (int i = 0; i < batch.events(); i++) {
            int start = batch.recordStart(i);
            int end = batch.recordEnd(i);
            while (end > start && (data[end - 1] == '\n' || data[end - 1] == '\r' || data[end - 1] == 0)) {
                end--;
            }
            if (record.length < end - start + 1) {
                record = new byte[2 * (end - start + 1)];
            }
            System.arraycopy(data, start, record, 0, end - start);
            record[end - start] = (byte) separator;
            into.appendRecord(record, 0, end - start + 1);
        }
        into.timeSpan(batch.oldestMillis(), batch.newestMillis());
        return into;
    }

    /** A progress bar on a terminal; a line per tenth otherwise. */
    private final class Progress {
        private final long total;
        private int lastTenth = -1;
        private boolean shown;

        Progress(long total) {
            this.total = Math.max(1, total);
        }

        void show(long done) {
            shown = true;
            int percent = (int) Math.min(100, done * 100 / total);
            if (terminal) {
                int filled = percent * 40 / 100;
                out.print("\r[" + "#".repeat(filled) + " ".repeat(40 - filled) + "] " + percent + "% " + done + "/"
                        + total + " events");
                out.flush();
            } else if (percent / 10 != lastTenth) {
                lastTenth = percent / 10;
                out.println("replayed " + done + "/" + total + " events (" + percent + "%)");
            }
        }

        void done() {
            if (terminal && shown) {
                out.println();
                shown = false;
            }
        }
    }
}
