package dev.logship.core.encode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void ofGuardsToString() {
        assertThat(SafeText.of(null)).isEqualTo("null");
        assertThat(SafeText.of(42)).isEqualTo("42");
        assertThat(SafeText.of(new Object() {
            @Override
            public String toString() {
                return null;
            }
        })).isEqualTo("null");
        assertThat(SafeText.of(Throwables.toStringThrows()))
                .startsWith("[dev.logship.core.encode.Throwables$")
                .endsWith(".toString() threw java.lang.UnsupportedOperationException]");
    }

    @Test
    void ofSurvivesAToStringThatOverflowsTheStack() {
        Object recursive = new Object() {
            @Override
            public String toString() {
                return "again " + this;
            }
        };

        assertThat(SafeText.of(recursive)).contains("threw java.lang.StackOverflowError");
    }

    @Test
    void cutNeverSplitsASurrogatePair() {
        String text = "ab\uD83D\uDE00cd";

        assertThat(SafeText.cut(text, 3)).isEqualTo("ab");
        assertThat(SafeText.cut(text, 4)).isEqualTo("ab\uD83D\uDE00");
        assertThat(SafeText.cut(text, 100)).isSameAs(text);
        assertThat(SafeText.cut(text, 0)).isEmpty();
        assertThat(SafeText.cut(null, 3)).isNull();
    }

    @Test
    void valuesThatCannotChangeAreKeptAndTheRestFrozenToTheirTextAsOfNow() {
        Object[] kept = {null, "text", 1, 2L, 3.0, 4f, (short) 5, (byte) 6, 'c', true, java.math.BigDecimal.ONE,
                java.math.BigInteger.TWO, java.util.UUID.randomUUID(), java.time.temporal.ChronoUnit.DAYS,
                java.time.Instant.EPOCH, java.time.Duration.ofSeconds(1), java.time.LocalDate.of(2026, 11, 26)};
        for (Object value : kept) {
            assertThat(SafeText.isImmutable(value)).as("%s", value).isTrue();
            assertThat(SafeText.frozen(value)).isSameAs(value);
        }
        StringBuilder changing = new StringBuilder("before");
        java.util.List<String> list = new java.util.ArrayList<>(java.util.List.of("a"));
        assertThat(SafeText.isImmutable(changing)).isFalse();
        assertThat(SafeText.isImmutable(list)).isFalse();
        assertThat(SafeText.isImmutable(new int[] {1})).isFalse();
        Object frozenBuilder = SafeText.frozen(changing);
        Object frozenList = SafeText.frozen(list);
        changing.append(" and after");
        list.add("b");
        assertThat(frozenBuilder).isEqualTo("before");
        assertThat(frozenList).isEqualTo("[a]");
    }
}
