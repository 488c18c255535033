package dev.logship.core.config;

import java.time.Duration;
import java.util.Locale;

/**
 * Parses human durations as written in configuration files: {@code 250ms}, {@code 5s}, {@code 1m},
 * {@code 2h}, {@code 1d}, optionally with a space and long unit names ({@code 5 seconds}). A bare
 * number is milliseconds.
 */
public final class Durations {
    private Durations() {
    }

    /**
     * @throws IllegalArgumentException with a message that shows an accepted form
     */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        int split = 0;
        while (split < s.length() && (Character.isDigit(s.charAt(split)) || s.charAt(split) == '.')) {
            split++;
        }
        double amount;
        try {
            amount = Double.parseDouble(s.substring(0, split));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 500ms, 5s, 1m");
        }
        String unit = s.substring(split).trim();
        double millis = amount * unitMillis(unit, text);
        if (millis > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
        return Duration.ofNanos(Math.round(millis * 1_000_000d));
    }

    private static long unitMillis(String unit, String text) {
        switch (unit) {
            case "": case "ms": case "millis": case "millisecond": case "milliseconds":
                return 1;
            case "s": case "sec": case "second": case "seconds":
                return 1_000;
            case "m": case "min": case "minute": case "minutes":
                return 60_000;
            case "h": case "hour": case "hours":
                return 3_600_000;
            case "d": case "day": case "days":
                return 86_400_000;
            default:
                throw new IllegalArgumentException("'" + text + "' has an unknown unit '" + unit
                        + "'; use ms, s, m, h or d (e.g. 5s)");
        }
    }

    /** Formats a duration the way {@link #parse} reads it back, for messages. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0 || ms == 0) {
            return ms + "ms";
        }
        return (ms / 1000) + "s";
    }
}
