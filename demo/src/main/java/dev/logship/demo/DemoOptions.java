package dev.logship.demo;

import dev.logship.core.config.Durations;
import java.time.Duration;

/**
 * The demo's command line: {@code --events N} (default 30000), {@code --rate N} events per second (default
 * 2000), {@code --outage D} how long the sink is taken away (default 5s; 0 for none), {@code --url URL} an
 * existing Elasticsearch/OpenSearch instead of the embedded node, {@code --keep} to leave the node running.
 */
record DemoOptions(int events, int rate, Duration outage, String url, boolean keep) {
    static final String USAGE = """
            usage: ./demo [--events N] [--rate N] [--outage DURATION] [--url URL] [--keep]
              --events N      events to log (default 30000)
              --rate N        events per second (default 2000)
              --outage D      how long the sink is taken away, a third of the way in (default 5s; 0 for none)
              --url URL       ship to this Elasticsearch/OpenSearch instead of starting one on loopback
              --keep          leave the OpenSearch node running at the end and print a search to paste""";

    static DemoOptions parse(String... args) {
        int events = 30_000;
        int rate = 2_000;
        Duration outage = Duration.ofSeconds(5);
        String url = null;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--events" -> events = positive(arg, value(args, ++i, arg));
                case "--rate" -> rate = positive(arg, value(args, ++i, arg));
                case "--outage" -> outage = duration(arg, value(args, ++i, arg));
                case "--url" -> url = value(args, ++i, arg);
                case "--keep" -> keep = true;
                case "--help", "-h" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        return new DemoOptions(events, rate, outage, url, keep);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String option, String text) {
        try {
            int value = Integer.parseInt(text.replace("_", "").replace(",", ""));
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " takes a whole number above 0, not '" + text + "'");
    }

    private static Duration duration(String option, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    /** How long logging takes at the rate. */
    Duration loggingTime() {
        return Duration.ofMillis(events * 1000L / rate);
    }
}
