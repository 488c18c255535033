package dev.logship.core.cli;

import dev.logship.core.batch.Batch;
import dev.logship.core.spill.SpoolReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code java -jar logship-core.jar spool inspect|verify|export|replay <dir>}: looks into a spill
 * directory. {@code inspect}, {@code verify} and {@code export} only read (safe while an application
 * uses the directory); {@code replay} takes the directory's lock, so it refuses while an application
 * has it. Exit status: 0 done, 1 damage found or events not replayed, 2 usage or I/O error.
 */
public final class SpoolTool {
    private static final String USAGE = String.join("\n",
            "usage: java -jar logship-core.jar spool <command> <dir> [options]",
            "  inspect <dir>                  segments, records, events, bytes, oldest/newest event time",
            "  verify <dir>                   check every record's CRC32C and that it decodes",
            "  export <dir> [--output FILE] [--all]",
            "                                 the events as NDJSON (documents), to stdout or FILE;",
            "                                 --all includes records already acknowledged",
            "  replay <dir> --url URL [--username U --password P | --api-key K | --bearer-token T] [--bulk]",
            "                                 send what is waiting to the sink it was written for, then remove it:",
            "                                 Elasticsearch/OpenSearch (http(s)://es:9200; events go to the data",
            "                                 stream or index they were logged for) or a Graylog GELF input",
            "                                 (http(s)://graylog:12201/gelf [--bulk], tcp://, tcp+tls://, udp://)");

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    SpoolTool(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        int status;
        try {
            status = new SpoolTool(System.out, System.err, System.console() != null).run(args);
        } catch (NoClassDefFoundError missing) {
            System.err.println("logship spool: a library is missing from the class path (" + missing.getMessage()
                    + "). Put jackson-core, slf4j-api, httpclient5, httpcore5, httpcore5-h2 and zstd-jni "
                    + "in lib/ beside logship-core.jar (its manifest names them), or run: java -cp 'logship-core.jar:lib/*' " + SpoolTool.class.getName() + " spool ...");
            status = 2;
        }
        System.exit(status);
    }

    /** Runs one command; returns the exit status. */
    int run(String[] args) {
        if (args.length < 3 || !args[0].equals("spool")) {
            err.println(USAGE);
            return 2;
        }
        Path dir = Path.of(args[2]);
        List<String> options = List.of(args).subList(3, args.length);
        try {
            switch (args[1]) {
                case "inspect":
                    return inspect(dir);
                case "verify":
                    return verify(dir);
                case "export":
                    return export(dir, option(options, "--output"), options.contains("--all"));
                case "replay":
                    return new SpoolReplay(out, err, terminal).run(dir, options);
                default:
                    err.println("unknown command '" + args[1] + "'\n" + USAGE);
                    return 2;
            }
        } catch (IllegalArgumentException e) { // InvalidConfigException too
            err.println(e.getMessage() + "\n" + USAGE);
            return 2;
        } catch (IOException e) {
            err.println("logship spool: " + e.getMessage());
            return 2;
        }
    }

    static String option(List<String> options, String name) {
        int i = options.indexOf(name);
        if (i < 0) {
            return null;
        }
        if (i + 1 >= options.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return options.get(i + 1);
    }

    private int inspect(Path dir) throws IOException {
        SpoolReader reader = new SpoolReader(dir);
        List<SpoolReader.SegmentInfo> segments = reader.segments();
        long[] cursor = reader.cursor();
        out.printf(Locale.ROOT, "%-26s %7s %10s %10s %10s  %-24s  %-24s%n", "segment", "format", "bytes", "records",
                "events", "oldest event", "newest event");
        long bytes = 0;
        long records = 0;
        long events = 0;
        long pending = 0;
        long oldest = Long.MAX_VALUE;
        long newest = Long.MIN_VALUE;
        for (SpoolReader.SegmentInfo s : segments) {
            out.printf(Locale.ROOT, "%-26s %7s %10d %10d %10d  %-24s  %-24s%s%n", s.path().getFileName(),
                    s.version() == 0 ? "-" : "v" + s.version(), s.bytes(), s.records(), s.events(), time(s.records(),
                            s.oldestMillis()), time(s.records(), s.newestMillis()), notes(s));
            bytes += s.bytes();
            records += s.records();
            events += s.events();
            pending += s.pendingEvents();
            if (s.records() > 0) {
                oldest = Math.min(oldest, s.oldestMillis());
                newest = Math.max(newest, s.newestMillis());
            }
        }
        out.printf(Locale.ROOT, "%d segment(s), %d records, %d events (%d waiting to be replayed), %d bytes%n",
                segments.size(), records, events, pending, bytes);
        if (records > 0) {
            out.println("events from " + Instant.ofEpochMilli(oldest) + " to " + Instant.ofEpochMilli(newest));
        }
        out.println(cursor == null ? "cursor: none (everything is replayed)"
                : "cursor: segment " + cursor[0] + ", byte " + cursor[1]);
        return 0;
    }

    private static String time(long records, long millis) {
        return records == 0 ? "-" : Instant.ofEpochMilli(millis).toString();
    }

    private static String notes(SpoolReader.SegmentInfo s) {
        List<String> notes = new ArrayList<>();
        if (s.version() > dev.logship.core.spill.SpillFormat.VERSION) {
            notes.add("written by a newer logship; not read");
        } else if (s.version() < 0) {
            notes.add("not a spill segment");
        }
        if (s.pendingEvents() < s.events()) {
            notes.add((s.events() - s.pendingEvents()) + " events already delivered");
        }
        if (s.damagedRecords() > 0) {
            notes.add(s.damagedRecords() + " damaged");
        }
        if (s.tornBytes() > 0) {
            notes.add("torn tail " + s.tornBytes() + " bytes");
        }
        return notes.isEmpty() ? "" : "  (" + String.join("; ", notes) + ")";
    }

    private int verify(Path dir) throws IOException {
        long[] good = new long[2];
        List<String> problems = new ArrayList<>();
        new SpoolReader(dir).read(new SpoolReader.Visitor() {
            @Override
            public void record(SpoolReader.SegmentInfo segment, long offset, boolean pending, Batch batch) {
                good[0]++;
                good[1] += batch.events();
            }

            @Override
            public void damage(SpoolReader.SegmentInfo segment, long offset, String what) {
                problems.add(segment.path().getFileName() + " at byte " + offset + ": " + what);
            }
        });
        problems.forEach(out::println);
        out.println(good[0] + " records (" + good[1] + " events) check; " + problems.size() + " problem(s)");
        return problems.isEmpty() ? 0 : 1;
    }

    private int export(Path dir, String output, boolean all) throws IOException {
        Writer writer = output == null ? new OutputStreamWriter(out, StandardCharsets.UTF_8)
                : Files.newBufferedWriter(Path.of(output), StandardCharsets.UTF_8);
        long[] exported = new long[1];
        int[] damaged = new int[1];
        try (BufferedWriter lines = new BufferedWriter(writer, 1 << 16)) {
            new SpoolReader(dir).read(new SpoolReader.Visitor() {
                @Override
                public void record(SpoolReader.SegmentInfo segment, long offset, boolean pending, Batch batch)
                        throws IOException {
                    if (!pending && !all) {
                        return;
                    }
                    for (int i = 0; i < batch.events(); i++) {
                        lines.write(SpoolReader.document(batch, i));
                        lines.write('\n');
                        exported[0]++;
                    }
                }

                @Override
                public void damage(SpoolReader.SegmentInfo segment, long offset, String what) {
                    damaged[0]++;
                    err.println("skipped: " + segment.path().getFileName() + " at byte " + offset + ": " + what);
                }
            });
        }
        err.println("exported " + exported[0] + " events" + (output == null ? "" : " to " + output)
                + (damaged[0] > 0 ? "; " + damaged[0] + " damaged record(s) skipped" : ""));
        return damaged[0] == 0 ? 0 : 1;
    }
}
