package dev.logship.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.e2e.testkit.E2eWorkload;
import dev.logship.e2e.testkit.LogbackFixture;
import dev.logship.e2e.testkit.OpenSearchClient;
import dev.logship.logback.ElasticsearchSettings;
import dev.logship.logback.LogshipAppender;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end tests every real cluster passes: OpenSearch 2.19 (OpenSearchIT), Elasticsearch 8.19
 * (Elasticsearch8IT) and 9.5 (Elasticsearch9IT) (started by the suite from the Maven Central integ-test
 * distribution). 200,000 events through Logback go into the default target {@code logs-e2e-default} and,
 * as a second test, into a dated index {@code app-%d{yyyy.MM.dd}}; each is counted back by {@code event.id}
 * (no id twice, and no {@code worker/seq} twice: a resent batch given new ids would show there), and a
 * sample is checked field by field, its {@code @timestamp} against the time window in which it was logged.
 * On OpenSearch {@code logs-e2e-default} is a real data stream; the Elasticsearch integ-test zips have no
 * data stream module, so there it is a plain index ({@code create} with our ids all the same).
 * compression=auto must pick gzip on Elasticsearch, which refuses zstd bodies.
 */
abstract class ElasticsearchContract {
    private static final int THREADS = 4;
    private static final int PER_THREAD = 50_000;
    private static final int TOTAL = THREADS * PER_THREAD;

    /** How the appender names the server once it asked it, e.g. {@code Elasticsearch 8.19.21}. */
    protected abstract String server();

    /** What {@code compression=auto} must choose for this server. */
    protected abstract String autoCompression();

    /** Whether this server makes {@code logs-e2e-*} a data stream (the Elasticsearch integ-test zips cannot). */
    protected abstract boolean dataStreams();

    @AfterEach
    void tearDown() {
        LogbackFixture.reset();
    }

    @Test
    void twoHundredThousandEventsExactlyOnceIntoTheDefaultTarget(OpenSearchClient es) throws Exception {
        es.indexTemplate("logs-e2e", "logs-e2e-*", dataStreams());

        shipAndCountBack(es, target -> { }, "logs-e2e-default");
    }

    @Test
    void twoHundredThousandEventsExactlyOnceIntoADatedIndex(OpenSearchClient es) throws Exception {
        es.indexTemplate("app", "app-*", false);

        shipAndCountBack(es, target -> target.setIndex("app-%d{yyyy.MM.dd}"), "app-*");

        String today = "app-" + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
        assertThat(es.count(today)).isPositive();
    }

    private void shipAndCountBack(OpenSearchClient es, Consumer<ElasticsearchSettings> target, String index)
            throws Exception {
        LogshipAppender appender = LogbackFixture.attach(es.url(), a -> {
            a.setServiceName("e2e");
            ElasticsearchSettings settings = new ElasticsearchSettings();
            settings.setUrl(es.url());
            target.accept(settings);
            a.setElasticsearch(settings);
            a.setCompression("auto");
            a.setOverflowPolicy("BLOCK");
            a.setMaxBlock("120s");
        });

        Map<String, Instant[]> windows = E2eWorkload.log(THREADS, PER_THREAD);
        assertThat(appender.flush(Duration.ofSeconds(180))).isTrue();

        MetricsSnapshot metrics = appender.metrics();
        assertThat(metrics.delivered()).isEqualTo(TOTAL);
        assertThat(metrics.droppedTotal()).isZero();
        assertThat(es.count(index)).isEqualTo(TOTAL);
        assertThat(es.duplicates(index, "event.id")).as("event ids indexed twice").isEmpty();
        for (int worker = 0; worker < THREADS; worker++) {
            String query = "labels.worker:" + worker;
            assertThat(es.countWhere(index, query)).isEqualTo(PER_THREAD);
            assertThat(es.duplicates(index, "seq", query)).as("seq indexed twice in worker %d", worker).isEmpty();
        }
        List<Map<String, Object>> sample = es.search(index, "seq:(7 OR 42)", 20);
        assertThat(sample).hasSize(THREADS * E2eWorkload.SAMPLED.size());
        assertThat(sample.stream().mapToInt(doc -> E2eWorkload.assertDocument(doc, "e2e")).sum()).isEqualTo(THREADS);
        sample.forEach(doc -> E2eWorkload.assertLoggedWithin(doc, windows));
        assertThat(LogbackFixture.context().getStatusManager().getCopyOfStatusList())
                .anySatisfy(s -> assertThat(s.getMessage()).contains("is " + server()))
                .anySatisfy(s -> assertThat(s.getMessage()).contains("compression=auto uses " + autoCompression()));
    }
}
