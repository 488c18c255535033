package dev.logship.benchmarks;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The throughput harness's command line:
 * {@code --events N --warmup-events N --producers 1|2 --compression none|gzip|zstd --baseline --csv FILE
 * --url URL}. With {@code --url} the events go to that Elasticsearch / OpenSearch (data stream
 * {@value #DATA_STREAM}) instead of the in-process receiver.
 */
record HarnessOptions(long events, long warmupEvents, int producers, String compression, boolean baseline,
                      Path csv, String url) {
    static final String DATA_STREAM = "logs-bench-default";
    static final String USAGE = "usage: java -cp benchmarks/target/benchmarks.jar dev.logship.benchmarks.ThroughputHarness"
            + " [--events 2000000] [--warmup-events 200000] [--producers 1] [--compression none|gzip|zstd]"
            + " [--baseline] [--csv benchmarks/results/throughput.csv] [--url http://127.0.0.1:9200]";

    static HarnessOptions parse(String[] args) {
        long events = 2_000_000;
        long warmup = 200_000;
        int producers = 1;
        String compression = "gzip";
        boolean baseline = false;
        Path csv = null;
        String url = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--events": events = count(arg, value(args, ++i)); break;
                case "--warmup-events": warmup = count(arg, value(args, ++i)); break;
                case "--producers": producers = (int) count(arg, value(args, ++i)); break;
                case "--compression": compression = value(args, ++i).toLowerCase(Locale.ROOT); break;
                case "--baseline": baseline = true; break;
                case "--csv": csv = Path.of(value(args, ++i)); break;
                case "--url": url = value(args, ++i); break;
                default: throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (!compression.matches("none|gzip|zstd")) {
            throw new IllegalArgumentException("--compression must be none, gzip or zstd, not " + compression);
        }
        if (events < 1 || producers < 1 || warmup < 0) {
            throw new IllegalArgumentException("--events and --producers must be at least 1, --warmup-events at least 0");
        }
        return new HarnessOptions(events, warmup, producers, compression, baseline, csv, url);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /** A count, written plainly or with underscores or a k/m suffix: 2000000, 2_000_000, 2m. */
    private static long count(String option, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("_", "");
        long scale = t.endsWith("k") ? 1_000 : t.endsWith("m") ? 1_000_000 : 1;
        try {
            return Long.parseLong(scale == 1 ? t : t.substring(0, t.length() - 1)) * scale;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a count, e.g. 2000000 or 2m, not " + text);
        }
    }
}
