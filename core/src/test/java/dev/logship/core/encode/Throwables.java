package dev.logship.core.encode;

/** Hostile and ordinary throwables for the encoder and renderer tests. */
final class Throwables {
    private Throwables() {
    }

    /** A RuntimeException caused by an IllegalStateException, with one suppressed exception. */
    static RuntimeException withCauseAndSuppressed() {
        try {
            level1();
            throw new AssertionError("unreachable");
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void level1() {
        try {
            level2();
        } catch (IllegalStateException e) {
            RuntimeException outer = new RuntimeException("outer failure", e);
            outer.addSuppressed(new java.io.UncheckedIOException("cleanup failed", new java.io.IOException("disk")));
            throw outer;
        }
    }

    private static void level2() {
        level3();
    }

    private static void level3() {
        throw new IllegalStateException("root cause");
    }

    /** a caused by b caused by a. */
    static RuntimeException cyclic() {
        RuntimeException a = new RuntimeException("a");
        IllegalStateException b = new IllegalStateException("b");
        a.initCause(b);
        b.initCause(a);
        return a;
    }

    /** Its getMessage() (and so toString()) throws. */
    static RuntimeException messageThrows() {
        return new RuntimeException() {
            @Override
            public String getMessage() {
                throw new IllegalStateException("no message for you");
            }
        };
    }

    /** Whose toString() throws. */
    static Object toStringThrows() {
        return new Object() {
            @Override
            public String toString() {
                throw new UnsupportedOperationException("toString refused");
            }
        };
    }
}
