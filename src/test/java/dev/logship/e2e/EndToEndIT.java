package dev.logship.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.e2e.testkit.BulkReceiver;
import dev.logship.e2e.testkit.E2eWorkload;
import dev.logship.e2e.testkit.LogbackFixture;
import dev.logship.logback.Field;
import dev.logship.logback.LogshipAppender;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

        E2eWorkload.log(THREADS, PER_THREAD);
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
            assertThat(doc).containsEntry("labels.environment", "test");
            errors += E2eWorkload.assertDocument(doc, "e2e");
        }
        assertThat(seen).hasSize(TOTAL);
        assertThat(errors).isEqualTo(THREADS * (PER_THREAD / E2eWorkload.ERROR_EVERY));

        MetricsSnapshot metrics = appender.metrics();
        assertThat(metrics.received()).isEqualTo(TOTAL);
        assertThat(metrics.delivered()).isEqualTo(TOTAL);
        assertThat(metrics.encoded()).isEqualTo(TOTAL);
        assertThat(metrics.droppedTotal()).isZero();
        assertThat(metrics.batches()).isGreaterThan(0);
        assertThat(metrics.bytesSent()).isLessThan(metrics.bytesEncoded());
    }
}
