package dev.logship.logback;

/**
 * Formats an SLF4J message pattern into a caller-provided, reusable {@link StringBuilder}, producing
 * exactly the text of {@code org.slf4j.helpers.MessageFormatter.basicArrayFormat(pattern, args)}
 * (slf4j-api 2.0.17), without SLF4J's per-call garbage: no fresh builder, no result {@code String},
 * and no {@code HashMap} per argument. For {@code String} and boxed primitive arguments nothing is
 * allocated; only {@code Object[]} arguments allocate (a small stack of enclosing arrays, used to
 * render self-references as {@code [...]}).
 *
 * <p>The rules, mirrored from SLF4J 2.0.17:
 * <ul>
 *   <li>{@code {}} is a placeholder; the search is for the two-character string {@code "{}"}, so a
 *       lone <code>&#123;</code> or <code>&#125;</code> is plain text.</li>
 *   <li>{@code \{}} (one backslash) is an escape: the backslash is dropped, <code>&#123;</code> is written,
 *       no argument is consumed, and scanning resumes at the <code>&#125;</code>, which is then
 *       ordinary text.</li>
 *   <li>{@code \\{}} (two backslashes) writes one backslash followed by the argument.</li>
 *   <li>Arguments are consumed until they run out; remaining placeholders stay as text, extra
 *       arguments are ignored. A {@code null} argument array leaves the pattern unchanged.</li>
 *   <li>Arrays print like {@code Arrays.toString}; {@code Object[]} arrays are printed deeply, and an
 *       array that contains itself (directly or through nested arrays) prints as {@code [...]} at the
 *       point of recursion.</li>
 *   <li>An argument whose {@code toString()} throws prints as {@code [FAILED toString()]}; a
 *       {@code toString()} that returns {@code null} prints {@code null}. Unlike SLF4J, nothing is
 *       reported to {@code System.err}.</li>
 * </ul>
 *
 * <p>The caller passes the argument array that Logback has already stripped of a trailing throwable
 * ({@code ILoggingEvent.getArgumentArray()}); no throwable extraction happens here.
 */
final class MessageFormatting {
    private static final String PLACEHOLDER = "{}";
    private static final char ESCAPE = '\\';
    private static final String FAILED_TO_STRING = "[FAILED toString()]";

    private MessageFormatting() {
    }

    /**
     * Appends the formatted message to {@code out}; returns false (appending nothing) when
     * {@code pattern} is null.
     */
    static boolean format(String pattern, Object[] args, StringBuilder out) {
        if (pattern == null) {
            return false;
        }
        if (args == null) {
            out.append(pattern);
            return true;
        }
        // Same control flow as MessageFormatter.arrayFormat(String, Object[], Throwable).
        int i = 0;
        for (int l = 0; l < args.length; l++) {
            int j = pattern.indexOf(PLACEHOLDER, i);
            if (j == -1) {
                break; // no more placeholders: the tail is appended below
            }
            if (j != 0 && pattern.charAt(j - 1) == ESCAPE) {
                if (j < 2 || pattern.charAt(j - 2) != ESCAPE) {
                    // "\{}": a literal '{'; the argument is not consumed and the '}' stays as text.
                    l--;
                    out.append(pattern, i, j - 1).append('{');
                    i = j + 1;
                } else {
                    // "\\{}": one backslash (the one at j - 2), then the argument.
                    out.append(pattern, i, j - 1);
                    appendArgument(out, args[l]);
                    i = j + 2;
                }
            } else {
                out.append(pattern, i, j);
                appendArgument(out, args[l]);
                i = j + 2;
            }
        }
        out.append(pattern, i, pattern.length());
        return true;
    }

    /** One top-level argument (SLF4J's deeplyAppendParameter with a fresh cycle-detection map). */
    private static void appendArgument(StringBuilder out, Object o) {
        if (o == null) {
            out.append("null");
        } else if (!o.getClass().isArray()) {
            appendObject(out, o);
        } else if (o instanceof Object[]) {
            appendObjectArray(out, (Object[]) o, new Ancestors());
        } else {
            appendPrimitiveArray(out, o);
        }
    }

    /** A nested value inside an {@code Object[]}. */
    private static void appendNested(StringBuilder out, Object o, Ancestors ancestors) {
        if (o == null) {
            out.append("null");
        } else if (!o.getClass().isArray()) {
            appendObject(out, o);
        } else if (o instanceof Object[]) {
            appendObjectArray(out, (Object[]) o, ancestors);
        } else {
            appendPrimitiveArray(out, o);
        }
    }

    /**
     * SLF4J's safeObjectAppend: {@code out.append(o.toString())}, with {@code [FAILED toString()]} when
     * anything in it throws. The boxed types are final and their text is fixed, so they are appended
     * through the primitive {@code append} overloads, which produce the same characters as
     * {@code String.valueOf} without creating a String.
     */
    private static void appendObject(StringBuilder out, Object o) {
        try {
            Class<?> c = o.getClass();
            if (c == String.class) {
                out.append((String) o);
            } else if (c == Integer.class) {
                out.append(((Integer) o).intValue());
            } else if (c == Long.class) {
                out.append(((Long) o).longValue());
            } else if (c == Boolean.class) {
                out.append(((Boolean) o).booleanValue());
            } else if (c == Character.class) {
                out.append(((Character) o).charValue());
            } else if (c == Double.class) {
                out.append(((Double) o).doubleValue());
            } else if (c == Float.class) {
                out.append(((Float) o).floatValue());
            } else if (c == Short.class) {
                out.append((int) ((Short) o).shortValue());
            } else if (c == Byte.class) {
                out.append((int) ((Byte) o).byteValue());
            } else {
                out.append(o.toString()); // append(String) writes "null" for a null result, as SLF4J does
            }
        } catch (Throwable t) { // SLF4J catches Throwable here too (and reports it; we stay silent)
            out.append(FAILED_TO_STRING);
        }
    }

    private static void appendObjectArray(StringBuilder out, Object[] a, Ancestors ancestors) {
        out.append('[');
        if (ancestors.contains(a)) {
            out.append("...");
        } else {
            ancestors.push(a);
            int len = a.length;
            for (int k = 0; k < len; k++) {
                appendNested(out, a[k], ancestors);
                if (k != len - 1) {
                    out.append(", ");
                }
            }
            ancestors.pop();
        }
        out.append(']');
    }

    private static void appendPrimitiveArray(StringBuilder out, Object o) {
        out.append('[');
        if (o instanceof boolean[]) {
            boolean[] a = (boolean[]) o;
            for (int k = 0; k < a.length; k++) {
                if (k != 0) {
                    out.append(", ");
                }
                out.append(a[k]);
            }
        } else if (o instanceof byte[]) {
            byte[] a = (byte[]) o;
            for (int k = 0; k < a.length; k++) {
                if (k != 0) {
                    out.append(", ");
                }
                out.append((int) a[k]);
            }
        } else if (o instanceof char[]) {
            char[] a = (char[]) o;
            for (int k = 0; k < a.length; k++) {
                if (k != 0) {
                    out.append(", ");
                }
                out.append(a[k]);
            }
        } else if (o instanceof short[]) {
            short[] a = (short[]) o;
            for (int k = 0; k < a.length; k++) {
                if (k != 0) {
                    out.append(", ");
                }
                out.append((int) a[k]);
            }
        } else if (o instanceof int[]) {
            int[] a = (int[]) o;
            for (int k = 0; k < a.length; k++) {
                if (k != 0) {
                    out.append(", ");
                }
                out.append(a[k]);
            }
        } else if (o instanceof long[]) {
            long[] a = (long[]) o;
            for (int k = 0; k < a.length; k++) {
                if (k != 0) {
                    out.append(", ");
                }
                out.append(a[k]);
            }
        } else if (o instanceof float[]) {
            float[] a = (float[]) o;
            for (int k = 0; k < a.length; k++) {
                if (k != 0) {
                    out.append(", ");
                }
                out.append(a[k]);
            }
        } else {
            double[] a = (double[]) o; // the only primitive array type left
            for (int k = 0; k < a.length; k++) {
                if (k != 0) {
                    out.append(", ");
                }
                out.append(a[k]);
            }
        }
        out.append(']');
    }

    /**
     * The {@code Object[]} arrays currently being printed, compared by identity. SLF4J keeps them in
     * a {@code HashMap<Object[], Object>}, whose lookups are by identity too because arrays do not
     * override {@code equals}/{@code hashCode}; entries are added on entry and removed on exit, so
     * only an array's own ancestors count, and a sibling that repeats an array prints it in full.
     */
    private static final class Ancestors {
        private Object[][] stack = new Object[4][];
        private int size;

        boolean contains(Object[] a) {
            for (int k = size - 1; k >= 0; k--) {
                if (stack[k] == a) {
                    return true;
                }
            }
            return false;
        }

        void push(Object[] a) {
            if (size == stack.length) {
                stack = java.util.Arrays.copyOf(stack, size * 2);
            }
            stack[size++] = a;
        }

        void pop() {
            stack[--size] = null;
        }
    }
}
