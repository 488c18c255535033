package dev.logship.core.config;

import java.util.Locale;

/**
 * Parses human sizes as written in configuration files: {@code 512}, {@code 64KB}, {@code 8MB},
 * {@code 1GB} (binary multiples: 1KB = 1024 bytes, as Logback's {@code FileSize}); {@code KiB},
 * {@code MiB}, {@code GiB} and a space before the unit are accepted too.
 */
public final class Sizes {
    private Sizes() {
    }

    /**
     * @throws IllegalArgumentException with a message that shows an accepted form
     */
    public static long parse(String text) {
        String s = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        int split = 0;
        while (split < s.length() && (Character.isDigit(s.charAt(split)) || s.charAt(split) == '.')) {
            split++;
        }
        double amount;
        try {
            amount = Double.parseDouble(s.substring(0, split));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write e.g. 512KB, 8MB, 1GB");
        }
        double bytes = amount * multiplier(s.substring(split).trim(), text);
        if (bytes >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
        return (long) bytes;
    }

    private static long multiplier(String unit, String text) {
        switch (unit) {
            case "": case "B":
                return 1;
            case "K": case "KB": case "KIB":
                return 1L << 10;
            case "M": case "MB": case "MIB":
                return 1L << 20;
            case "G": case "GB": case "GIB":
                return 1L << 30;
            default:
                throw new IllegalArgumentException("'" + text + "' has an unknown unit '" + unit
                        + "'; use B, KB, MB or GB (e.g. 8MB)");
        }
    }

    /** Formats a byte count compactly for messages ({@code 8MB}, {@code 1536B}). */
    public static String format(long bytes) {
        if (bytes >= (1L << 30) && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "GB";
        }
        if (bytes >= (1L << 20) && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "MB";
        }
        if (bytes >= (1L << 10) && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "KB";
        }
        return bytes + "B";
    }
}
