package dev.logship.core.encode;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;

/**
 * Writes text that recurs event after event (logger names, thread names, MDC values) from a
 * pre-encoded copy, skipping Jackson's per-character escaping, which is the largest single cost of
 * encoding. A small direct-mapped table keyed by the String instance: a hit is an identity compare;
 * a miss (or a long text) is written normally and remembered. One per encoder, encode thread only.
 */
final class RepeatedText {
    private final String[] keys;
    private final SerializedString[] encoded;
    private final int mask;
    private final int maxChars;

    RepeatedText(int slots, int maxChars) {
        int size = Integer.highestOneBit(Math.max(2, slots - 1)) << 1;
        this.keys = new String[size];
        this.encoded = new SerializedString[size];
        this.mask = size - 1;
        this.maxChars = maxChars;
    }

    /** Writes {@code text} as a JSON string cut to {@code limit} characters; null as JSON null. */
    void write(JsonGenerator out, String text, int limit) throws IOException {
        if (text == null || text.length() > maxChars || text.length() > limit) {
            JsonValues.text(out, text, limit);
            return;
        }
        int slot = text.hashCode() & mask;
        if (keys[slot] != text) {
            keys[slot] = text;
            encoded[slot] = hasSurrogate(text) ? null : new SerializedString(text);
        }
        if (encoded[slot] == null) {
            out.writeString(text);
        } else {
            out.writeString(encoded[slot]);
        }
    }

    /**
     * Pre-encoding refuses an unpaired surrogate (the generator escapes it), so text with any surrogate
     * is remembered as "write directly".
     */
    private static boolean hasSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
