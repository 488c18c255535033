package dev.logship.core.encode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.UUID;

/** Text from untrusted objects: {@code toString()} that throws or returns null never escapes. */
public final class SafeText {
    private SafeText() {
    }

    /** {@code String.valueOf(value)}, or a marker naming the failure when {@code toString()} throws. */
    public static String of(Object value) {
        if (value == null) {
            return "null";
        }
        try {
            String text = value.toString();
            return text == null ? "null" : text;
        } catch (Throwable t) {
            return "[" + value.getClass().getName() + ".toString() threw " + t.getClass().getName() + "]";
        }
    }

    /** Cuts {@code text} to at most {@code max} characters without splitting a surrogate pair. */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    /**
     * Whether {@code value}'s text cannot change after the logging call: null, strings, boxed primitives,
     * {@code BigDecimal}/{@code BigInteger}, UUIDs, enums and the {@code java.time} value classes. Anything
     * else may be changed by the application once the call returns, so the appenders freeze it to its text
     * on the application thread instead of keeping a reference for the encode thread.
     */
    public static boolean isImmutable(Object value) {
        if (value == null) {
            return true;
        }
        Class<?> type = value.getClass();
        return type == String.class || type == Integer.class || type == Long.class || type == Boolean.class
                || type == Double.class || type == Float.class || type == Short.class || type == Byte.class
                || type == Character.class || type == BigDecimal.class || type == BigInteger.class
                || type == UUID.class || type.isEnum() || (type.getPackageName().equals("java.time")
                && !type.isInterface());
    }

    /** {@code value} itself when {@link #isImmutable(Object) immutable}, else its text as of now. */
    public static Object frozen(Object value) {
        return isImmutable(value) ? value : of(value);
    }
}
