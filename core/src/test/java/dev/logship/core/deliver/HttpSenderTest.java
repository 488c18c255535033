package dev.logship.core.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.apache.hc.core5.http.message.BasicHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpSenderTest {

    private static Duration retryAfter(String value) {
        return HttpSender.retryAfter(new BasicHeader("Retry-After", value));
    }

    @Test
    void readsSeconds() {
        assertThat(retryAfter("120")).isEqualTo(Duration.ofSeconds(120));
        assertThat(retryAfter(" 7 ")).isEqualTo(Duration.ofSeconds(7));
        assertThat(retryAfter("0")).isEqualTo(Duration.ZERO);
        assertThat(retryAfter("-5")).isEqualTo(Duration.ZERO);
    }

    @Test
    void readsAnHttpDateInTheFuture() {
        String inAnHour = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));

        Duration wait = retryAfter(inAnHour);

        assertThat(wait).isBetween(Duration.ofMinutes(50), Duration.ofMinutes(60));
    }

    @Test
    void anHttpDateInThePastMeansNoWait() {
        assertThat(retryAfter("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "", "1.5", "12 seconds", "99999999999999999999"})
    void garbageIsNull(String value) {
        assertThat(retryAfter(value)).isNull();
    }

    @Test
    void noHeaderIsNull() {
        assertThat(HttpSender.retryAfter(null)).isNull();
    }
}
