package dev.logship.demo;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The demo's "service": logs through plain SLF4J at a steady rate, as a checkout service would — mostly INFO,
 * some DEBUG, WARN and ERROR, an MDC with the request, key-values, and now and then an exception with a cause —
 * and times every logging call.
 */
final class CheckoutService {
    private static final Logger ORDERS = LoggerFactory.getLogger("checkout.orders");
    private static final Logger PAYMENTS = LoggerFactory.getLogger("checkout.payments");
    private static final Logger CACHE = LoggerFactory.getLogger("checkout.cache");
    private static final int MAX_SAMPLES = 2_000_000;

    private final String run;
    private final AtomicLong logged = new AtomicLong();
    private final long[] samples;
    private final int sampleEvery;
    private int sampled;

    CheckoutService(String run, int events) {
        this.run = run;
        this.sampleEvery = Math.max(1, (events + MAX_SAMPLES - 1) / MAX_SAMPLES);
        this.samples = new long[events / sampleEvery + 1];
    }

    /** Logs {@code events} events at {@code rate} per second; returns the nanoseconds it took. */
    long run(int events, int rate) {
        long start = System.nanoTime();
        double interval = 1e9 / rate;
        for (int i = 0; i < events; i++) {
            long due = start + (long) (i * interval);
            long wait = due - System.nanoTime();
            if (wait > 50_000) {
                LockSupport.parkNanos(wait);
            }
            MDC.put("run", run);
            MDC.put("requestId", "req-" + (i / 3));
            MDC.put("user", "user-" + (i % 97));
            long before = System.nanoTime();
            logOne(i);
            long took = System.nanoTime() - before;
            if (i % sampleEvery == 0 && sampled < samples.length) {
                samples[sampled++] = took;
            }
            logged.incrementAndGet();
        }
        MDC.clear();
        return System.nanoTime() - start;
    }

    private static void logOne(int i) {
        String order = "o-" + (100_000 + i);
        switch (i % 20) {
            case 0, 1, 2 -> CACHE.debug("cache miss for {}", order);
            case 3 -> PAYMENTS.atWarn().addKeyValue("order", order).addKeyValue("latencyMs", 800 + i % 400)
                    .log("slow answer from the payment provider");
            case 4 -> {
                if (i % 40 == 4) {
                    PAYMENTS.atError().addKeyValue("order", order).setCause(failure(order))
                            .log("payment failed for order {}", order);
                } else {
                    ORDERS.info("order {} shipped", order);
                }
            }
            default -> ORDERS.atInfo().addKeyValue("order", order).addKeyValue("amountCents", 1_000 + i % 9_000)
                    .addKeyValue("seq", i).log("order {} paid", order);
        }
    }

    private static Exception failure(String order) {
        return new IllegalStateException("payment declined for " + order,
                new java.net.SocketTimeoutException("provider did not answer within 2000 ms"));
    }

    long logged() {
        return logged.get();
    }

    /** Log-call latency percentiles in nanoseconds: p50, p99, p99.9, max. */
    long[] percentiles() {
        long[] sorted = Arrays.copyOf(samples, sampled);
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return new long[4];
        }
        return new long[] {at(sorted, 0.50), at(sorted, 0.99), at(sorted, 0.999), sorted[sorted.length - 1]};
    }

    private static long at(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)];
    }
}
