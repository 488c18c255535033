package dev.logship.core.deliver;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt {@code n} waits a random time between half and all of
 * {@code min(maxBackoff, initialBackoff * 2^(n-1))}; a server's {@code Retry-After} is honoured
 * when longer (up to {@code maxBackoff}).
 *
 * @param maxRetries     retries after the first attempt before a batch counts as failed
 * @param initialBackoff wait before the first retry
 * @param maxBackoff     longest wait between two attempts
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
    public static final int DEFAULT_MAX_RETRIES = 10;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

    public static RetryPolicy defaults() {
        return new RetryPolicy(DEFAULT_MAX_RETRIES, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    /** The wait before retry number {@code retry} (1-based), in nanoseconds. */
    public long delayNanos(int retry, Duration retryAfter) {
        long max = maxBackoff.toNanos();
        long base = initialBackoff.toNanos();
        long exponential = retry >= 62 ? max : Math.min(max, base << Math.min(retry - 1, 40));
        if (exponential <= 0) {
            exponential = max;
        }
        long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
        if (retryAfter != null) {
            jittered = Math.max(jittered, Math.min(max, retryAfter.toNanos()));
        }
        return jittered;
    }
}
