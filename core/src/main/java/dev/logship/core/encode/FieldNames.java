package dev.logship.core.encode;

import com.fasterxml.jackson.core.io.SerializedString;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Maps user-supplied keys (MDC, key-values) to the field names a sink keeps: prefixed, sanitized,
 * and renamed with a trailing {@code _} when they would collide with a field logship writes itself
 * or with the name already given to a different key (sanitizing can map {@code "a b"} and
 * {@code "a_b"} to one name; a duplicate key makes Elasticsearch reject the document). Instances
 * that write into the same document share the set of names given out. Results are cached, so a
 * steady set of keys costs no allocation. Used on the encode thread only.
 */
final class FieldNames {
    private static final int MAX_CACHED = 10_000;

    private final String prefix;
    private final UnaryOperator<String> sanitizer;
    private final Set<String> reserved;
    private final Set<String> taken;
    private final Map<String, SerializedString> cache = new HashMap<>();
    private final boolean paths;

    FieldNames(String prefix, UnaryOperator<String> sanitizer, Set<String> reserved) {
        this(prefix, sanitizer, reserved, new HashSet<>(), false);
    }

    /**
     * @param taken names given out so far, shared with the other instances writing the same documents
     * @param paths whether dots make object paths (Elasticsearch): then a name must also not be a parent
     *              or a child of another name ({@code event} beside {@code event.id} is a mapping conflict)
     */
    FieldNames(String prefix, UnaryOperator<String> sanitizer, Set<String> reserved, Set<String> taken, boolean paths) {
        this.prefix = prefix;
        this.sanitizer = sanitizer;
        this.reserved = reserved;
        this.taken = taken;
        this.paths = paths;
    }

    SerializedString name(String key) {
        SerializedString name = cache.get(key);
        if (name == null) {
            if (cache.size() >= MAX_CACHED) {
                cache.values().forEach(old -> taken.remove(old.getValue()));
                cache.clear();
            }
            String sanitized = sanitizer.apply(key == null ? "" : key);
            String full = prefix + sanitized;
            if (paths && underAnotherName(full)) {
                full = prefix + sanitized.replace('.', '_');
            }
            while (reserved.contains(full) || taken.contains(full) || (paths && aboveAnotherName(full))) {
                full = full + "_";
            }
            taken.add(full);
            name = new SerializedString(full);
            cache.put(key, name);
        }
        return name;
    }

    /** Whether {@code name} (a cached instance) is among the first {@code upTo} names an event already wrote. */
    static boolean among(SerializedString[] written, SerializedString name, int upTo) {
        for (int j = 0; j < upTo; j++) {
            if (written[j] == name) {
                return true;
            }
        }
        return false;
    }

    /** True when a parent path of {@code name} is itself a field ({@code message.x} under {@code message}). */
    private boolean underAnotherName(String name) {
        for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
            String parent = name.substring(0, dot);
            if (reserved.contains(parent) || taken.contains(parent)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code name} is a parent path of a field ({@code event} above {@code event.id}). */
    private boolean aboveAnotherName(String name) {
        String parent = name + ".";
        for (String other : reserved) {
            if (other.startsWith(parent)) {
                return true;
            }
        }
        for (String other : taken) {
            if (other.startsWith(parent)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Elasticsearch field names: not empty, no empty path segment (leading, trailing or double dot), no
     * unpaired surrogate (which a JSON generator refuses in a name).
     */
    static String ecs(String key) {
        if (key.isEmpty()) {
            return "_";
        }
        if (key.charAt(0) != '.' && key.charAt(key.length() - 1) != '.' && !key.contains("..")
                && !key.isBlank() && !hasUnpairedSurrogate(key)) {
            return key;
        }
        StringBuilder b = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean emptySegment = c == '.' && (i == 0 || i == key.length() - 1 || key.charAt(i - 1) == '.');
            b.append(emptySegment || Character.isWhitespace(c) || isUnpairedSurrogate(key, i) ? '_' : c);
        }
        return b.toString();
    }

    private static boolean hasUnpairedSurrogate(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (isUnpairedSurrogate(key, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnpairedSurrogate(String key, int i) {
        char c = key.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 == key.length() || !Character.isLowSurrogate(key.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(key.charAt(i - 1)));
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
