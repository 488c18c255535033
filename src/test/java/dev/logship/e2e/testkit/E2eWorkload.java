package dev.logship.e2e.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The end-to-end workload: {@code threads} workers each log {@code perThread} events through SLF4J with
 * MDC ({@code worker}, {@code tenant}, {@code request}), a key-value {@code seq}, and every 10,000th
 * event an ERROR with a cause; and the check of one shipped document against what was logged. For the
 * sampled events ({@link #SAMPLED}: one ERROR, one INFO per worker) it notes the time just before and just
 * after the logging call, so that a document's {@code @timestamp} can be checked against that window.
 */
public final class E2eWorkload {
    public static final int ERROR_EVERY = 10_000;
    /** The {@code seq} values whose logging time is noted, in every worker: 7 is an ERROR, 42 an INFO. */
    public static final Set<Integer> SAMPLED = Set.of(7, 42);

    private E2eWorkload() {
    }

    /**
     * Logs from {@code threads} threads at once and returns when all are done, with the time window of
     * each sampled event, keyed {@code worker/seq}: {@code [just before, just after]} the logging call.
     */
    public static Map<String, Instant[]> log(int threads, int perThread) throws Exception {
        Map<String, Instant[]> windows = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            done.add(pool.submit(() -> {
                Logger log = LoggerFactory.getLogger("e2e.worker" + worker);
                MDC.put("worker", Integer.toString(worker));
                MDC.put("tenant", "acme");
                for (int i = 0; i < perThread; i++) {
                    MDC.put("request", "r-" + (i / 100));
                    Instant before = SAMPLED.contains(i) ? Instant.now() : null;
                    if (i % ERROR_EVERY == 7) {
                        log.atError().addKeyValue("seq", i).setCause(new IllegalStateException("boom " + i,
                                new java.io.IOException("disk"))).log("failed {} in worker {}", i, worker);
                    } else {
                        log.atInfo().addKeyValue("seq", i).log("event {} from worker {}", i, worker);
                    }
                    if (before != null) {
                        windows.put(worker + "/" + i, new Instant[] {before, Instant.now()});
                    }
                }
                MDC.clear();
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return windows;
    }

    /**
     * Checks that a sampled document's {@code @timestamp} keeps microseconds and lies in the window in which
     * it was logged: a timestamp cut to milliseconds falls before the window's start almost always.
     */
    public static void assertLoggedWithin(Map<String, Object> doc, Map<String, Instant[]> windows) {
        String key = doc.get("labels.worker") + "/" + doc.get("seq");
        Instant[] window = windows.get(key);
        assertThat(window).as("time window of %s", key).isNotNull();
        Instant at = Instant.parse((String) doc.get("@timestamp"));
        assertThat(at).as("@timestamp of %s", key)
                .isBetween(window[0].truncatedTo(ChronoUnit.MICROS), window[1].truncatedTo(ChronoUnit.MICROS));
    }

    /** Checks one document field by field; returns 1 when it is one of the ERROR events, else 0. */
    public static int assertDocument(Map<String, Object> doc, String serviceName) {
        long seq = ((Number) doc.get("seq")).longValue();
        String worker = (String) doc.get("labels.worker");
        assertThat(doc).containsEntry("service.name", serviceName)
                .containsEntry("labels.tenant", "acme")
                .containsEntry("labels.request", "r-" + (seq / 100))
                .containsEntry("log.logger", "e2e.worker" + worker)
                .containsEntry("ecs.version", "8.11")
                .containsKey("host.name")
                .containsKey("process.thread.name");
        assertThat((String) doc.get("@timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        if (seq % ERROR_EVERY == 7) {
            assertThat(doc).containsEntry("log.level", "ERROR")
                    .containsEntry("message", "failed " + seq + " in worker " + worker)
                    .containsEntry("error.type", "java.lang.IllegalStateException")
                    .containsEntry("error.message", "boom " + seq);
            assertThat((String) doc.get("error.stack_trace"))
                    .startsWith("java.lang.IllegalStateException: boom " + seq)
                    .contains("Caused by: java.io.IOException: disk");
            return 1;
        }
        assertThat(doc).containsEntry("log.level", "INFO")
                .containsEntry("message", "event " + seq + " from worker " + worker)
                .doesNotContainKey("error.type");
        return 0;
    }
}
