package dev.logship.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.e2e.testkit.BulkReceiver;
import dev.logship.e2e.testkit.LogbackFixture;
import dev.logship.logback.Field;
import dev.logship.logback.LogshipAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** SLF4J → Logback → LogshipAppender → a local {@code _bulk} endpoint: every event exactly once, fields intact. */
class EndToEndIT {
    private static final int THREADS = 4;
    private static final int PER_THREAD = 50_000;
    private static final int TOTAL = THREADS * PER_THREAD;

    private BulkReceiver receiver;

    @AfterEach
    void tearDown() {
        LogbackFixture.reset();
        if (receiver != null) {
            receiver.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "zstd"})
    void twoHundredThousandEventsFromFourThreadsArriveExactlyOnce(String compression) throws Exception {
        receiver = new BulkReceiver();
        LogshipAppender appender = LogbackFixture.attach(receiver.url(), a -> {
            a.setServiceName("e2e");
            Field env = new Field();
            env.setName("environment");
            env.setValue("test");
            a.addField(env);
            a.setCompression(compression);
            a.setOverflowPolicy("BLOCK");
            a.setMaxBlock("60s");
        });
        assertThat(appender.isStarted()).isTrue();

        logFromThreads();
        assertThat(appender.flush(Duration.ofSeconds(60))).isTrue();

        Map<String, String> docs = receiver.documents();
        assertThat(docs).hasSize(TOTAL);
        assertThat(receiver.duplicates()).isZero();
        assertThat(receiver.contentEncodings()).containsOnly(compression);
        Set<String> seen = new HashSet<>();
        int errors = 0;
        for (String id : docs.keySet()) {
            Map<String, Object> doc = receiver.document(id);
            assertThat(doc.get("event.id")).isEqualTo(id);
            assertThat(seen.add(doc.get("labels.worker") + "/" + doc.get("seq"))).isTrue();
            errors += assertFields(doc);
        }
        assertThat(seen).hasSize(TOTAL);
        assertThat(errors).isEqualTo(THREADS * (PER_THREAD / 10_000));

        MetricsSnapshot metrics = appender.metrics();
        assertThat(metrics.received()).isEqualTo(TOTAL);
        assertThat(metrics.delivered()).isEqualTo(TOTAL);
        assertThat(metrics.encoded()).isEqualTo(TOTAL);
        assertThat(metrics.droppedTotal()).isZero();
        assertThat(metrics.batches()).isGreaterThan(0);
        assertThat(metrics.bytesSent()).isLessThan(metrics.bytesEncoded());
    }

    private static void logFromThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int worker = t;
            done.add(pool.submit(() -> {
                Logger log = LoggerFactory.getLogger("e2e.worker" + worker);
                MDC.put("worker", Integer.toString(worker));
                MDC.put("tenant", "acme");
                for (int i = 0; i < PER_THREAD; i++) {
                    MDC.put("request", "r-" + (i / 100));
                    if (i % 10_000 == 7) {
                        log.atError().addKeyValue("seq", i).setCause(new IllegalStateException("boom " + i,
                                new java.io.IOException("disk"))).log("failed {} in worker {}", i, worker);
                    } else {
                        log.atInfo().addKeyValue("seq", i).log("event {} from worker {}", i, worker);
                    }
                }
                MDC.clear();
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    /** Checks one document; returns 1 when it is one of the ERROR events, else 0. */
    private static int assertFields(Map<String, Object> doc) {
        {
            long seq = (Long) doc.get("seq");
            String worker = (String) doc.get("labels.worker");
            assertThat(doc).containsEntry("service.name", "e2e")
                    .containsEntry("labels.environment", "test")
                    .containsEntry("labels.tenant", "acme")
                    .containsEntry("labels.request", "r-" + (seq / 100))
                    .containsEntry("log.logger", "e2e.worker" + worker)
                    .containsEntry("ecs.version", "8.11")
                    .containsKey("host.name")
                    .containsKey("process.thread.name");
            assertThat((String) doc.get("@timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
            if (seq % 10_000 == 7) {
                assertThat(doc).containsEntry("log.level", "ERROR")
                        .containsEntry("message", "failed " + seq + " in worker " + worker)
                        .containsEntry("error.type", "java.lang.IllegalStateException")
                        .containsEntry("error.message", "boom " + seq);
                assertThat((String) doc.get("error.stack_trace"))
                        .startsWith("java.lang.IllegalStateException: boom " + seq)
                        .contains("Caused by: java.io.IOException: disk");
                return 1;
            } else {
                assertThat(doc).containsEntry("log.level", "INFO")
                        .containsEntry("message", "event " + seq + " from worker " + worker)
                        .doesNotContainKey("error.type");
                return 0;
            }
        }
    }
}
