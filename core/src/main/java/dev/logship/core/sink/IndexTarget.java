package dev.logship.core.sink;

import dev.logship.core.config.ConfigProblems;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Resolves an index name with an optional date pattern, {@code app-%d{yyyy.MM.dd}}, from an event's
 * timestamp (UTC). The name is recomputed only when the second changes. One per encode thread.
 */
final class IndexTarget {
    private final String prefix;
    private final DateTimeFormatter pattern;
    private final String suffix;
    private long cachedSecond = Long.MIN_VALUE;
    private String cached;

    IndexTarget(String index) {
        int start = index.indexOf("%d{");
        if (start < 0) {
            this.prefix = index;
            this.pattern = null;
            this.suffix = "";
            this.cached = index;
        } else {
            int end = index.indexOf('}', start);
            this.prefix = index.substring(0, start);
            this.pattern = DateTimeFormatter.ofPattern(index.substring(start + 3, end)).withZone(ZoneOffset.UTC);
            this.suffix = index.substring(end + 1);
        }
    }

    String resolve(long epochSecond) {
        if (pattern != null && epochSecond != cachedSecond) {
            cached = prefix + pattern.format(Instant.ofEpochSecond(epochSecond)) + suffix;
            cachedSecond = epochSecond;
        }
        return cached;
    }

    /**
     * How long one index of {@code index} is written to: the smallest calendar field of its date pattern (an
     * hour for {@code HH}, a day for {@code dd}, 31 days for {@code MM}, 366 for {@code yyyy}); null when the
     * name has no date, so that one index is written for ever. Quoted text in the pattern does not count.
     */
    static Duration period(String index) {
        int start = index.indexOf("%d{");
        int end = start < 0 ? -1 : index.indexOf('}', start);
        if (end < 0) {
            return null;
        }
        StringBuilder letters = new StringBuilder();
        boolean quoted = false;
        for (char c : index.substring(start + 3, end).toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && Character.isLetter(c)) {
                letters.append(c);
            }
        }
        String used = letters.toString();
        if (used.matches(".*[smSAnN].*")) {
            return Duration.ofMinutes(1);
        }
        if (used.matches(".*[HhKk].*")) {
            return Duration.ofHours(1);
        }
        if (used.matches(".*[dDEec].*")) {
            return Duration.ofDays(1);
        }
        if (used.matches(".*[wWY].*")) {
            return Duration.ofDays(7);
        }
        if (used.matches(".*[MLQq].*")) {
            return Duration.ofDays(used.matches(".*[ML].*") ? 31 : 92);
        }
        return used.isEmpty() ? null : Duration.ofDays(366);
    }

    static void checkPattern(String index, ConfigProblems problems) {
        int start = index.indexOf("%d{");
        if (start < 0) {
            return;
        }
        int end = index.indexOf('}', start);
        if (end < 0 || index.indexOf("%d{", end) >= 0) {
            problems.add("elasticsearch.index", "'" + index + "' must hold at most one complete %d{pattern}, "
                    + "e.g. app-%d{yyyy.MM.dd}");
            return;
        }
        try {
            DateTimeFormatter.ofPattern(index.substring(start + 3, end));
        } catch (IllegalArgumentException e) {
            problems.add("elasticsearch.index", "'" + index + "' has a bad date pattern: " + e.getMessage());
        }
    }
}
