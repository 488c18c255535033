package dev.logship.core.encode;

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
}
