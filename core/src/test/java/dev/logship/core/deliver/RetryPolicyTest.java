package dev.logship.core.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final int SAMPLES = 200;

    /** min(max, initial * 2^(retry-1)), computed without overflow. */
    private static long ceiling(RetryPolicy policy, int retry) {
        BigInteger exponential = BigInteger.valueOf(policy.initialBackoff().toNanos()).shiftLeft(retry - 1);
        return exponential.min(BigInteger.valueOf(policy.maxBackoff().toNanos())).longValueExact();
    }

    @ParameterizedTest
    @CsvSource({"200, 30000", "1000, 30000", "100, 100", "7, 60000", "1, 1", "30000, 1000"})
    void delaysAreBetweenHalfAndAllOfTheExponentialCeiling(long initialMillis, long maxMillis) {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(initialMillis), Duration.ofMillis(maxMillis));
        for (int retry = 1; retry <= 70; retry++) {
            long ceiling = ceiling(policy, retry);
            for (int i = 0; i < SAMPLES; i++) {
                long delay = policy.delayNanos(retry, null);

                assertThat(delay).as("retry %d", retry).isBetween(ceiling / 2, ceiling)
                        .isLessThanOrEqualTo(policy.maxBackoff().toNanos());
            }
        }
    }

    @Test
    void theFirstRetriesDoubleTheirCeiling() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(30));

        assertThat(ceiling(policy, 1)).isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(ceiling(policy, 4)).isEqualTo(Duration.ofMillis(800).toNanos());
        long longest = 0;
        for (int i = 0; i < SAMPLES; i++) {
            long delay = policy.delayNanos(4, null);
            assertThat(delay).isBetween(Duration.ofMillis(400).toNanos(), Duration.ofMillis(800).toNanos());
            longest = Math.max(longest, delay);
        }
        assertThat(longest).as("jitter spreads the delays").isGreaterThan(Duration.ofMillis(500).toNanos());
    }

    @Test
    void retryAfterIsHonouredWhenLonger() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(30));

        for (int i = 0; i < SAMPLES; i++) {
            assertThat(policy.delayNanos(1, Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5).toNanos());
        }
    }

    @Test
    void retryAfterIsCappedAtMaxBackoff() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(30));

        assertThat(policy.delayNanos(1, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(30).toNanos());
        assertThat(policy.delayNanos(60, Duration.ofDays(365 * 100))).isEqualTo(Duration.ofSeconds(30).toNanos());
    }

    @Test
    void aShorterRetryAfterDoesNotShortenTheBackoff() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofSeconds(2), Duration.ofSeconds(30));

        for (int i = 0; i < SAMPLES; i++) {
            assertThat(policy.delayNanos(1, Duration.ZERO)).isBetween(Duration.ofSeconds(1).toNanos(),
                    Duration.ofSeconds(2).toNanos());
            assertThat(policy.delayNanos(3, Duration.ofSeconds(1))).isBetween(Duration.ofSeconds(4).toNanos(),
                    Duration.ofSeconds(8).toNanos());
        }
    }

    @Test
    void defaults() {
        assertThat(RetryPolicy.defaults()).isEqualTo(new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(30)));
    }
}
