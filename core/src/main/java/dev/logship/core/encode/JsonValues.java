package dev.logship.core.encode;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/** Writes structured values (key-values) as JSON: numbers as numbers, the rest as guarded text. */
final class JsonValues {
    private JsonValues() {
    }

    /**
     * @param booleansAsText GELF: Graylog drops boolean fields, so they are sent as "true"/"false"
     */
    static void write(JsonGenerator out, Object value, int maxChars, boolean booleansAsText) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String) {
            out.writeString(SafeText.cut((String) value, maxChars));
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                out.writeNumber(d);
            } else {
                out.writeString(Double.toString(d));
            }
        } else if (value instanceof BigDecimal) {
            out.writeNumber((BigDecimal) value);
        } else if (value instanceof BigInteger) {
            out.writeNumber((BigInteger) value);
        } else if (value instanceof Boolean && !booleansAsText) {
            out.writeBoolean((Boolean) value);
        } else {
            out.writeString(SafeText.cut(SafeText.of(value), maxChars));
        }
    }

    /** Writes text cut to {@code maxChars}; null as JSON null. */
    static void text(JsonGenerator out, String text, int maxChars) throws IOException {
        if (text == null) {
            out.writeNull();
        } else {
            out.writeString(SafeText.cut(text, maxChars));
        }
    }

    /** Writes the first {@code maxChars} characters of any text without making a String of it. */
    static void text(JsonGenerator out, CharSequence text, int maxChars, char[] scratch) throws IOException {
        if (text instanceof String) {
            out.writeString(SafeText.cut((String) text, maxChars));
            return;
        }
        int length = Math.min(text.length(), maxChars);
        if (length > 0 && length < text.length() && Character.isHighSurrogate(text.charAt(length - 1))) {
            length--;
        }
        char[] chars = scratch.length >= length ? scratch : new char[length];
        if (text instanceof StringBuilder) {
            ((StringBuilder) text).getChars(0, length, chars, 0);
        } else {
            for (int i = 0; i < length; i++) {
                chars[i] = text.charAt(i);
            }
        }
        out.writeString(chars, 0, length);
    }

    /** True when {@code text} is empty or only whitespace. */
    static boolean isBlank(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
