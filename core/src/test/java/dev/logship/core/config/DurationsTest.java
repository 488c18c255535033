package dev.logship.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "5s, 5000",
            "250ms, 250",
            "1m, 60000",
            "2h, 7200000",
            "1d, 86400000",
            "5 seconds, 5000",
            "1 second, 1000",
            "3 minutes, 180000",
            "10 millis, 10",
            "1.5s, 1500",
            "0.5 min, 30000",
            "750, 750",
            "0, 0",
            "'  5S  ', 5000",
            "5 SEC, 5000"})
    void parsesHumanDurations(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"soon", "5 parsecs", "s", "-5s", "five seconds", "5 s s", "1.2.3s", ".", "..s"})
    void rejectsBadInputWithAnExample(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("5s");
    }

    @ParameterizedTest
    @CsvSource({"5000, 5s", "250, 250ms", "0, 0ms", "60000, 60s", "1500, 1500ms"})
    void formatsSoThatParseReadsItBack(long millis, String text) {
        Duration d = Duration.ofMillis(millis);

        assertThat(Durations.format(d)).isEqualTo(text);
        assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }
}
