package dev.logship.core.event;

import java.security.SecureRandom;

/**
 * Unique event ids: 8 random bytes fixed per generator (so per pipeline start) followed by an 8-byte
 * counter, written as 22 characters of unpadded base64url. They become the Elasticsearch
 * {@code _id}, so a batch that is sent twice is not indexed twice. Not thread-safe: one per encode
 * thread.
 */
public final class EventIdGenerator {
    /** Length of every id, in characters. */
    public static final int LENGTH = 22;
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    private final char[] prefix = new char[11];
    private final char[] id = new char[LENGTH];
    private long counter;

    public EventIdGenerator() {
        this(new SecureRandom().nextLong());
    }

    public EventIdGenerator(long randomPart) {
        writeLong(randomPart, prefix, 0);
        System.arraycopy(prefix, 0, id, 0, 11);
    }

    /** Advances to the next id and returns the buffer holding it (valid until the next call). */
    public char[] next() {
        writeLong(counter++, id, 11);
        return id;
    }

    /** The current id as a String (allocates; for tests and diagnostics). */
    public String current() {
        return new String(id);
    }

    /** Writes 64 bits as 11 base64url characters (the last one carries 4 bits). */
    private static void writeLong(long value, char[] out, int offset) {
        for (int i = 0; i < 11; i++) {
            int shift = 58 - 6 * i;
            int bits = shift >= 0 ? (int) (value >>> shift) & 0x3f : (int) (value << -shift) & 0x3f;
            out[offset + i] = ALPHABET[bits];
        }
    }
}
