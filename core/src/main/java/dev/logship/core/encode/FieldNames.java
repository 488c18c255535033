package dev.logship.core.encode;

import com.fasterxml.jackson.core.io.SerializedString;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Maps user-supplied keys (MDC, key-values) to the field names a sink keeps: prefixed, sanitized,
 * and renamed with a trailing {@code _} when they would collide with a field logship writes itself
 * (a duplicate key makes Elasticsearch reject the document). Results are cached, so a steady set of
 * keys costs no allocation. One instance per encoder, used on the encode thread only.
 */
final class FieldNames {
    private static final int MAX_CACHED = 10_000;

    private final String prefix;
    private final UnaryOperator<String> sanitizer;
    private final Set<String> reserved;
    private final Map<String, SerializedString> cache = new HashMap<>();

    FieldNames(String prefix, UnaryOperator<String> sanitizer, Set<String> reserved) {
        this.prefix = prefix;
        this.sanitizer = sanitizer;
        this.reserved = reserved;
    }

    SerializedString name(String key) {
        SerializedString name = cache.get(key);
        if (name == null) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            String full = prefix + sanitizer.apply(key == null ? "" : key);
            while (reserved.contains(full)) {
                full = full + "_";
            }
            name = new SerializedString(full);
            cache.put(key, name);
        }
        return name;
    }

    /** Elasticsearch field names: not empty, no empty path segment (leading, trailing or double dot). */
    static String ecs(String key) {
        if (key.isEmpty()) {
            return "_";
        }
        if (key.charAt(0) != '.' && key.charAt(key.length() - 1) != '.' && !key.contains("..")
                && !key.isBlank()) {
            return key;
        }
        StringBuilder b = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean emptySegment = c == '.' && (i == 0 || i == key.length() - 1 || key.charAt(i - 1) == '.');
            b.append(emptySegment || Character.isWhitespace(c) ? '_' : c);
        }
        return b.toString();
    }

    /** GELF additional field names: only {@code [A-Za-z0-9_.-]}, never empty. */
    static String gelf(String key) {
        if (key.isEmpty()) {
            return "_";
        }
        char[] chars = null;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-';
            if (!ok) {
                if (chars == null) {
                    chars = key.toCharArray();
                }
                chars[i] = '_';
            }
        }
        return chars == null ? key : new String(chars);
    }
}
