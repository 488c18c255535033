package dev.logship.logback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.helpers.MessageFormatter;

/** {@link MessageFormatting} must produce exactly what SLF4J's {@code MessageFormatter.basicArrayFormat} produces. */
class MessageFormattingTest {
    private static final String PREFIX = "prefix|";

    private enum Color {
        RED,
        GREEN {
            @Override
            public String toString() {
                return "green!";
            }
        }
    }

    private static final class ThrowingToString {
        @Override
        public String toString() {
            throw new IllegalStateException("boom");
        }
    }

    private static final class ErrorToString {
        @Override
        public String toString() {
            throw new AssertionError("an Error, not an Exception");
        }
    }

    private static final class NullToString {
        @Override
        public String toString() {
            return null;
        }
    }

    // ---------------------------------------------------------------- table

    private static final List<Arguments> CASES = new ArrayList<>();

    private static void c(String name, String pattern, Object[] args) {
        CASES.add(Arguments.of(name, pattern, args));
    }

    private static Object[] a(Object... args) {
        return args;
    }

    static {
        // patterns and argument counts
        c("no args, no placeholder", "hello", a());
        c("no args, placeholder", "hello {}", a());
        c("null args array, placeholder", "hello {}", null);
        c("null args array, escapes", "a \\{} b \\\\{}", null);
        c("null pattern", null, a("x"));
        c("null pattern, null args", null, null);
        c("empty pattern", "", a("x"));
        c("empty pattern, no args", "", a());
        c("only placeholder", "{}", a("x"));
        c("placeholder at start", "{} tail", a("x"));
        c("placeholder at end", "head {}", a("x"));
        c("adjacent placeholders", "{}{}", a("x", "y"));
        c("adjacent placeholders, one arg", "{}{}", a("x"));
        c("three adjacent", "{}{}{}", a(1, 2, 3));
        c("fewer args than placeholders", "a={} b={} c={}", a(1));
        c("more args than placeholders", "a={}", a(1, 2, 3));
        c("args but no placeholder", "plain text", a(1, 2));
        c("no placeholder but braces", "{ } }{ {x}", a(1, 2));
        c("brace alone", "{", a("x"));
        c("close brace alone", "}", a("x"));
        c("brace at end", "value {} then {", a("x", "y"));
        c("reversed braces", "}{", a("x"));
        c("nested braces", "{{}}", a("x"));
        c("brace space brace", "{ }", a("x"));
        c("placeholder after brace", "{{}", a("x"));
        c("placeholder before brace", "{}}", a("x"));
        // escapes
        c("escaped placeholder", "\\{}", a("x"));
        c("escaped then real", "\\{} {}", a("x"));
        c("real then escaped", "{} \\{}", a("x"));
        c("escaped only, no args", "\\{}", a());
        c("escaped then real, two args", "a \\{} b {} c {}", a("x", "y"));
        c("double escaped", "\\\\{}", a("x"));
        c("double escaped, text around", "C:\\\\{}.zip", a("file"));
        c("double escaped at end without arg", "x \\\\{}", a());
        c("triple backslash", "\\\\\\{}", a("x"));
        c("quadruple backslash", "\\\\\\\\{}", a("x"));
        c("backslash alone", "\\", a("x"));
        c("backslash before text", "a\\b {}", a("x"));
        c("backslash after placeholder", "{}\\", a("x"));
        c("escaped brace without close", "\\{ {}", a("x"));
        c("escaped adjacent", "\\{}{}", a("x"));
        c("escaped escaped adjacent", "\\{}\\{}", a("x", "y"));
        c("double escaped adjacent", "\\\\{}{}", a("x", "y"));
        c("placeholder then double escaped", "{}\\\\{}", a("x", "y"));
        c("escape with close brace reused", "\\{}}", a("x"));
        c("escape, brace, placeholder", "\\{{}", a("x"));
        c("many escapes, one arg", "\\{}\\{}\\{}{}", a("x"));
        // simple argument values
        c("null arg", "v={}", a((Object) null));
        c("null args", "{} {} {}", a(null, null, null));
        c("String", "{}", a("text"));
        c("empty String", "[{}]", a(""));
        c("String containing placeholder", "{} {}", a("{}", "x"));
        c("String containing escapes", "{} {}", a("\\{}", "\\\\"));
        c("Integer", "{}", a(42));
        c("Integer extremes", "{} {} {}", a(Integer.MIN_VALUE, Integer.MAX_VALUE, 0));
        c("Long", "{} {} {}", a(Long.MIN_VALUE, Long.MAX_VALUE, -1L));
        c("Short", "{} {}", a(Short.MIN_VALUE, Short.MAX_VALUE));
        c("Byte", "{} {} {}", a(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
        c("Double NaN", "{}", a(Double.NaN));
        c("Double -0.0", "{}", a(-0.0d));
        c("Double 0.0", "{}", a(0.0d));
        c("Double 1e20", "{}", a(1e20));
        c("Double thresholds", "{} {} {} {} {}", a(1e7, 9999999.0, 1e-3, 9.99e-4, 0.1 + 0.2));
        c("Double extremes", "{} {} {} {}", a(Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL, 1.0 / 3));
        c("Double infinities", "{} {}", a(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        c("Double 2^63", "{}", a(9.223372036854776E18));
        c("Float", "{} {} {} {}", a(0.1f, 1e10f, -0.0f, 1.0f / 3));
        c("Float specials", "{} {} {} {}", a(Float.NaN, Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY));
        c("Float 2.0E-3 and 1.0E7", "{} {}", a(2.0e-3f, 1.0e7f));
        c("Boolean", "{} {}", a(true, Boolean.FALSE));
        c("Character", "{}{}{}", a('x', '{', '\\'));
        c("Character surrogate half", "{}", a('\uD83D'));
        c("BigDecimal", "{} {} {}", a(new BigDecimal("1.10"), new BigDecimal("1E+3"), BigDecimal.valueOf(1, 10)));
        c("BigInteger", "{}", a(BigInteger.TWO.pow(100)));
        c("UUID", "{}", a(UUID.fromString("123e4567-e89b-12d3-a456-426614174000")));
        c("enum", "{} {}", a(Color.RED, Color.GREEN));
        c("StringBuilder arg", "{}", a(new StringBuilder("sb")));
        c("list arg", "{}", a(List.of(1, "two")));
        c("Object", "{}", a(new Object() {
            @Override
            public String toString() {
                return "anon";
            }
        }));
        c("toString throws", "a={} b={}", a(new ThrowingToString(), "ok"));
        c("toString throws Error", "{}", a(new ErrorToString()));
        c("toString returns null", "[{}]", a(new NullToString()));
        // arrays
        c("int[]", "{}", a(new int[] {1, -2, Integer.MAX_VALUE}));
        c("empty int[]", "{}", a(new int[0]));
        c("long[]", "{}", a(new long[] {Long.MIN_VALUE, 0, 7}));
        c("double[]", "{}", a(new double[] {Double.NaN, -0.0, 1e20, 0.1}));
        c("boolean[]", "{}", a(new boolean[] {true, false}));
        c("char[]", "{}", a(new char[] {'a', '{', '}', '\\'}));
        c("char[] with surrogate pair", "{}", a("\uD834\uDD1E".toCharArray()));
        c("byte[]", "{}", a(new byte[] {-128, 0, 127}));
        c("short[]", "{}", a(new short[] {Short.MIN_VALUE, 1}));
        c("float[]", "{}", a(new float[] {Float.NaN, 0.1f, 1e10f}));
        c("single-element arrays", "{} {}", a(new int[] {5}, new Object[] {"x"}));
        c("Object[]", "{}", a((Object) new Object[] {1, "two", null, 3.0}));
        c("empty Object[]", "{}", a((Object) new Object[0]));
        c("String[]", "{}", a((Object) new String[] {"a", null, "c"}));
        c("Integer[][]", "{}", a((Object) new Integer[][] {{1, 2}, {}, null}));
        c("nested Object[]", "{}", a((Object) new Object[] {1, new Object[] {2, new Object[] {3, new int[] {4}}}}));
        c("Object[] with thrower", "{}", a((Object) new Object[] {new ThrowingToString(), new NullToString()}));
        c("Object[] with primitive arrays", "{}",
                a((Object) new Object[] {new char[] {'x'}, new double[] {1.5}, new boolean[0]}));
        Object[] self = new Object[] {"self", null};
        self[1] = self;
        c("self-referencing Object[]", "{}", a((Object) self));
        c("self-referencing Object[] twice", "{} {}", a(self, self));
        Object[] first = new Object[2];
        Object[] second = new Object[] {"second", first};
        first[0] = "first";
        first[1] = second;
        c("mutually referencing Object[]", "{}", a((Object) first));
        Object[] shared = new Object[] {"shared"};
        c("sibling repeats print fully", "{}", a((Object) new Object[] {shared, shared, new Object[] {shared}}));
        Object[] deepSelf = new Object[1];
        deepSelf[0] = new Object[] {new Object[] {deepSelf, "leaf"}};
        c("self reference two levels down", "{}", a((Object) deepSelf));
        c("array after escaped placeholder", "\\{} {}", a(new int[] {1}));
        c("array with double escape", "\\\\{}", a((Object) new Object[] {"x"}));
        // unicode
        c("unicode pattern", "héllo {} wörld {}", a("ça", "日本"));
        c("surrogate pair in pattern", "\uD83D\uDE00 {} \uD834\uDD1E", a("x"));
        c("surrogate pair in args", "{}|{}", a("\uD83D\uDE00", "\uD834\uDD1E"));
        c("surrogate pair adjacent to placeholder", "\uD83D\uDE00{}\uD83D\uDE00", a("\uD834\uDD1E"));
        c("lone surrogates", "\uD83D{}\uDE00", a("\uDE00"));
        c("unicode escapes", "é\\{}é\\\\{}é", a("ü"));
        c("non-latin1 via array", "{}", a((Object) new Object[] {"日", 'ß', "\uD83D\uDE00"}));
    }

    static Stream<Arguments> cases() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesSlf4j(String name, String pattern, Object[] args) {
        assertMatchesSlf4j(pattern, args, new StringBuilder(PREFIX), PREFIX);
    }

    @Test
    void tableIsLarge() {
        assertThat(CASES).hasSizeGreaterThan(100);
    }

    // ---------------------------------------------------------------- specific behaviour

    @Test
    void nullPatternAppendsNothingAndReturnsFalse() {
        StringBuilder out = new StringBuilder("keep");
        assertThat(MessageFormatting.format(null, a("x"), out)).isFalse();
        assertThat(out).hasToString("keep");
        assertThat(MessageFormatter.basicArrayFormat(null, a("x"))).isNull();
    }

    @Test
    void documentedExamples() {
        assertThat(format("Set \\{} is not equal to {}.", "1,2")).isEqualTo("Set {} is not equal to 1,2.");
        assertThat(format("File name is C:\\\\{}.", "file.zip")).isEqualTo("File name is C:\\file.zip.");
        assertThat(format("{} {}", "only")).isEqualTo("only {}");
        assertThat(format("{}", (Object) selfReferencing())).isEqualTo("[a, [...]]");
    }

    @Test
    void failingToStringIsRenderedSilently() {
        Object[] args = a(new ThrowingToString(), new ErrorToString());
        StringBuilder out = new StringBuilder();
        String printed = captureStdStreams(() -> MessageFormatting.format("{} {}", args, out));
        assertThat(out).hasToString("[FAILED toString()] [FAILED toString()]");
        assertThat(printed).as("MessageFormatting must not print anything").isEmpty();

        // SLF4J itself reports the failure (which is why the reference calls are silenced).
        String slf4jOutput = captureStdStreams(() -> MessageFormatter.basicArrayFormat("{} {}", args));
        assertThat(slf4jOutput).contains("Failed toString()");
    }

    @Test
    void reusedBuilderGivesCorrectResults() {
        StringBuilder out = new StringBuilder();
        // a long message first, then shorter ones into the same (already grown) builder
        out.append("x".repeat(10_000));
        out.setLength(0);
        for (Arguments arguments : CASES) {
            Object[] values = arguments.get();
            String pattern = (String) values[1];
            Object[] args = (Object[]) values[2];
            out.setLength(0);
            assertMatchesSlf4j(pattern, args, out, "");
        }
        // and back again: the same case twice in a row must not carry anything over
        out.setLength(0);
        MessageFormatting.format("long {} message {}", a("é".repeat(100), new int[] {1, 2}), out);
        out.setLength(0);
        MessageFormatting.format("{}", a(7), out);
        assertThat(out).hasToString("7");
        out.setLength(0);
        MessageFormatting.format("\\{}", a(7), out);
        assertThat(out).hasToString("{}");
    }

    @Test
    void appendsAfterExistingContent() {
        StringBuilder out = new StringBuilder("ts=1 msg=");
        assertThat(MessageFormatting.format("{}+{}", a(1, 2.5), out)).isTrue();
        assertThat(out).hasToString("ts=1 msg=1+2.5");
        assertThat(MessageFormatting.format(" / {}", null, out)).isTrue();
        assertThat(out).hasToString("ts=1 msg=1+2.5 / {}");
    }

    // ---------------------------------------------------------------- randomized

    private static final String[] FRAGMENTS = {"{}", "\\{}", "\\\\{}", "{", "}", "a", "é", "\\"};

    @Test
    void randomizedPatternsAndArgumentsMatchSlf4j() {
        Random random = new Random(0x5EEDL);
        StringBuilder out = new StringBuilder();
        for (int iteration = 0; iteration < 5_000; iteration++) {
            StringBuilder pattern = new StringBuilder();
            int fragments = random.nextInt(12);
            for (int f = 0; f < fragments; f++) {
                pattern.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
            Object[] args;
            int argumentCount = random.nextInt(8) - 1; // -1 stands for a null array
            if (argumentCount < 0) {
                args = null;
            } else {
                args = new Object[argumentCount];
                for (int k = 0; k < argumentCount; k++) {
                    args[k] = randomArgument(random, 0);
                }
            }
            out.setLength(0);
            assertMatchesSlf4j(pattern.toString(), args, out, "");
        }
    }

    private static Object randomArgument(Random random, int depth) {
        switch (random.nextInt(22)) {
            case 0: return null;
            case 1: return randomText(random);
            case 2: return random.nextInt();
            case 3: return random.nextLong();
            case 4: return (short) random.nextInt();
            case 5: return (byte) random.nextInt();
            case 6: return Double.longBitsToDouble(random.nextLong());
            case 7: return Float.intBitsToFloat(random.nextInt());
            case 8: return random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            case 9: return (float) (random.nextDouble() * Math.pow(10, random.nextInt(20) - 10));
            case 10: return random.nextBoolean();
            case 11: return (char) random.nextInt(Character.MAX_VALUE + 1);
            case 12: return BigDecimal.valueOf(random.nextLong(), random.nextInt(10) - 5);
            case 13: return new UUID(random.nextLong(), random.nextLong());
            case 14: return Color.values()[random.nextInt(2)];
            case 15: return random.nextBoolean() ? new ThrowingToString() : new NullToString();
            case 16: return new int[] {random.nextInt(), random.nextInt(100)};
            case 17: return new double[] {Double.longBitsToDouble(random.nextLong()), -0.0};
            case 18: return randomText(random).toCharArray();
            case 19: return new byte[] {(byte) random.nextInt(), (byte) random.nextInt()};
            case 20: return selfReferencing();
            default: {
                if (depth > 3) {
                    return new Object[0];
                }
                Object[] array = new Object[random.nextInt(4)];
                for (int k = 0; k < array.length; k++) {
                    array[k] = randomArgument(random, depth + 1);
                }
                return array;
            }
        }
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int parts = random.nextInt(4);
        for (int p = 0; p < parts; p++) {
            switch (random.nextInt(4)) {
                case 0: text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]); break;
                case 1: text.append("\uD83D\uDE00"); break;
                case 2: text.append((char) random.nextInt(Character.MAX_VALUE + 1)); break;
                default: text.append("word"); break;
            }
        }
        return text.toString();
    }

    // ---------------------------------------------------------------- helpers

    private static Object[] selfReferencing() {
        Object[] array = new Object[] {"a", null};
        array[1] = array;
        return array;
    }

    private static String format(String pattern, Object... args) {
        StringBuilder out = new StringBuilder();
        assertThat(MessageFormatting.format(pattern, args, out)).isTrue();
        assertThat(out.toString()).isEqualTo(reference(pattern, args));
        return out.toString();
    }

    /** Compares against SLF4J, expecting {@code out} to hold {@code prefix} before the call. */
    private static void assertMatchesSlf4j(String pattern, Object[] args, StringBuilder out, String prefix) {
        String expected = reference(pattern, args);
        boolean appended = MessageFormatting.format(pattern, args, out);
        if (expected == null) {
            assertThat(appended).as("pattern %s", pattern).isFalse();
            assertThat(out.toString()).isEqualTo(prefix);
        } else {
            assertThat(appended).as("pattern %s", pattern).isTrue();
            assertThat(out.toString()).as("pattern %s", pattern).isEqualTo(prefix + expected);
        }
    }

    /** SLF4J's result; its error report for a failing toString() is swallowed. */
    private static String reference(String pattern, Object[] args) {
        String[] result = new String[1];
        captureStdStreams(() -> result[0] = MessageFormatter.basicArrayFormat(pattern, args));
        return result[0];
    }

    /** Runs {@code action} with System.out and System.err redirected; returns what was printed. */
    private static synchronized String captureStdStreams(Supplier<?> action) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            action.get();
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        capture.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
