package dev.logship.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The harness's application: producer threads that log, each event a ~150-character formatted
 * message with three MDC entries ({@code tenant}, {@code userId}, and {@code requestId}, which changes
 * every {@value #EVENTS_PER_REQUEST} events as it would per request) and one SLF4J 2 key-value
 * ({@code orderId}). Argument values come from prepared tables, so the producers allocate only what
 * the logging call itself allocates (and the boxed order number).
 */
final class Workload {
    static final String FORMAT = "Order {} placed by customer {} for {} items, total {} EUR, shipping to {} via {};"
            + " payment authorised by card ending {}";
    static final int EVENTS_PER_REQUEST = 100;
    private static final int TABLE = 1024;
    private static final String[] CUSTOMERS = table(i -> String.format("cust-%06d", i * 7919 % 1_000_000));
    private static final String[] TOTALS = table(i -> String.format("%d.%02d", 10 + i * 37 % 990, i % 100));
    private static final String[] REQUESTS = table(i -> String.format("req-%08x", i * 0x9E3779B1));
    private static final String[] CITIES = {"Rotterdam", "Lyon", "Gdansk", "Porto", "Leipzig", "Bologna", "Aarhus",
        "Ghent"};
    private static final String[] CARRIERS = {"DHL Express", "UPS Standard", "PostNL", "GLS"};
    private static final String[] CARDS = {"4242", "1881", "0005", "7312"};
    private static final Integer[] QUANTITIES = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** When the producers started and finished ({@link System#nanoTime()}), and what they allocated. */
    record Run(long startNanos, long endNanos, long events, long allocatedBytes) {
        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }
    }

    private Workload() {
    }

    /** Logs {@code events} events from {@code producers} threads released together; returns when all are done. */
    static Run run(Logger logger, int producers, long events) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(producers);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong allocated = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long share = events / producers + (p < events % producers ? 1 : 0);
            int producer = p;
            Thread t = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                    long before = THREADS.getCurrentThreadAllocatedBytes();
                    produce(logger, producer, share);
                    allocated.addAndGet(THREADS.getCurrentThreadAllocatedBytes() - before);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "producer-" + p);
            threads.add(t);
            t.start();
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        long end = System.nanoTime();
        if (failure.get() != null) {
            throw new IllegalStateException("a producer failed", failure.get());
        }
        return new Run(start, end, events, allocated.get());
    }

    private static void produce(Logger logger, int producer, long events) {
        MDC.put("tenant", "acme-retail");
        MDC.put("userId", "user-" + (1000 + producer));
        try {
            for (long i = 0; i < events; i++) {
                int n = (int) i;
                if (n % EVENTS_PER_REQUEST == 0) {
                    MDC.put("requestId", REQUESTS[(n / EVENTS_PER_REQUEST) & (TABLE - 1)]);
                }
                Integer orderId = 1_000_000 + n;
                logger.atInfo().addKeyValue("orderId", orderId).log(FORMAT, orderId, CUSTOMERS[n & (TABLE - 1)],
                        QUANTITIES[n & 7], TOTALS[(n >>> 3) & (TABLE - 1)], CITIES[(n >>> 2) & 7],
                        CARRIERS[(n >>> 5) & 3], CARDS[(n >>> 4) & 3]);
            }
        } finally {
            MDC.clear();
        }
    }

    private static String[] table(java.util.function.IntFunction<String> value) {
        String[] values = new String[TABLE];
        for (int i = 0; i < TABLE; i++) {
            values[i] = value.apply(i);
        }
        return values;
    }
}
