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
}
