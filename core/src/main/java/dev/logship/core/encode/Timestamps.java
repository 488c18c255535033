package dev.logship.core.encode;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Hand-written timestamps, the date-time part cached per second (a {@code DateTimeFormatter} per
 * event costs more than the rest of the event). Not thread-safe: one per encode thread.
 */
public final class Timestamps {
    /** Length of an ISO-8601 UTC timestamp with microseconds: {@code 2026-11-26T11:04:38.123456Z}. */
    public static final int ISO_LENGTH = 27;

    private final char[] iso = new char[ISO_LENGTH];
    private final byte[] isoBytes = new byte[ISO_LENGTH];
    private final char[] epoch = new char[32];
    private long cachedSecond = Long.MIN_VALUE;

    /** Formats as ISO-8601 UTC with microseconds; returns the buffer (valid until the next call). */
    public char[] iso(long epochSecond, int nanoOfSecond) {
        if (epochSecond != cachedSecond) {
            cacheSecond(epochSecond);
        }
        writeDigits(iso, 20, nanoOfSecond / 1000, 6);
        iso[26] = 'Z';
        return iso;
    }

    /** As {@link #iso}, as ASCII bytes (for a generator's raw UTF-8 string write: nothing to escape). */
    public byte[] isoBytes(long epochSecond, int nanoOfSecond) {
        char[] chars = iso(epochSecond, nanoOfSecond);
        for (int i = 0; i < ISO_LENGTH; i++) {
            isoBytes[i] = (byte) chars[i];
        }
        return isoBytes;
    }

    private void cacheSecond(long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        writeDigits(iso, 0, t.getYear(), 4);
        iso[4] = '-';
        writeDigits(iso, 5, t.getMonthValue(), 2);
        iso[7] = '-';
        writeDigits(iso, 8, t.getDayOfMonth(), 2);
        iso[10] = 'T';
        writeDigits(iso, 11, t.getHour(), 2);
        iso[13] = ':';
        writeDigits(iso, 14, t.getMinute(), 2);
        iso[16] = ':';
        writeDigits(iso, 17, t.getSecond(), 2);
        iso[19] = '.';
        cachedSecond = epochSecond;
    }

    /**
     * Formats as decimal seconds with a microsecond fraction ({@code 1764155078.123456}), GELF's
     * {@code timestamp}; returns the length written into {@link #epochBuffer()}.
     */
    public int epochSeconds(long epochSecond, int nanoOfSecond) {
        String seconds = Long.toString(epochSecond);
        int n = seconds.length();
        seconds.getChars(0, n, epoch, 0);
        epoch[n] = '.';
        writeDigits(epoch, n + 1, nanoOfSecond / 1000, 6);
        return n + 7;
    }

    public char[] epochBuffer() {
        return epoch;
    }

    private static void writeDigits(char[] out, int offset, int value, int width) {
        for (int i = offset + width - 1; i >= offset; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
