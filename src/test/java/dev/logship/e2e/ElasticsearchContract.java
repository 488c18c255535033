package dev.logship.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.e2e.testkit.E2eWorkload;
import dev.logship.e2e.testkit.OpenSearchClient;
import dev.logship.e2e.testkit.LogbackFixture;
import dev.logship.e2e.testkit.RealElasticsearch;
import dev.logship.logback.ElasticsearchSettings;
import dev.logship.logback.LogshipAppender;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end tests every real cluster passes: OpenSearch 2.19 (OpenSearchIT), Elasticsearch 8.19
 * (Elasticsearch8IT) and 9.5 (Elasticsearch9IT) (started by the suite from the Maven Central
 * distribution). This distribution has no data stream support, so {@code logs-e2e-default} is a plain
 * index here; {@code create} with our ids still makes the count prove exactly-once. compression=auto
 * must pick gzip: Elasticsearch refuses zstd bodies.
 */
abstract class ElasticsearchContract {

    /** How the appender names the server once it asked it, e.g. {@code Elasticsearch 8.19.21}. */
    protected abstract String server();

    /** What {@code compression=auto} must choose for this server. */
    protected abstract String autoCompression();

    /** Set-up a target needs on this server before the first event (a data stream template, say). */
    protected void prepare(OpenSearchClient es) {
    }

    @AfterEach
    void tearDown() {
        LogbackFixture.reset();
    }

    @Test
    void twoHundredThousandEventsExactlyOnce(OpenSearchClient es) throws Exception {
        prepare(es);
        LogshipAppender appender = LogbackFixture.attach(es.url(), a -> {
            a.setServiceName("e2e");
            a.setCompression("auto");
            a.setOverflowPolicy("BLOCK");
            a.setMaxBlock("120s");
        });

        E2eWorkload.log(4, 50_000);
        assertThat(appender.flush(Duration.ofSeconds(180))).isTrue();

        MetricsSnapshot metrics = appender.metrics();
        assertThat(metrics.delivered()).isEqualTo(200_000);
        assertThat(metrics.droppedTotal()).isZero();
        assertThat(es.count("logs-e2e-default")).isEqualTo(200_000);
        List<Map<String, Object>> sample = es.search("logs-e2e-default", "labels.worker:3 AND seq:(7 OR 42)", 10);
        assertThat(sample).hasSize(2);
        assertThat(sample.stream().mapToInt(doc -> E2eWorkload.assertDocument(doc, "e2e")).sum()).isEqualTo(1);
        assertThat(LogbackFixture.context().getStatusManager().getCopyOfStatusList())
                .anySatisfy(s -> assertThat(s.getMessage()).contains("is " + server()))
                .anySatisfy(s -> assertThat(s.getMessage()).contains("compression=auto uses " + autoCompression()));
    }

    @Test
    void aDatedIndex(OpenSearchClient es) throws Exception {
        LogshipAppender appender = LogbackFixture.attach(es.url(), a -> {
            a.setServiceName("dated");
            ElasticsearchSettings target = new ElasticsearchSettings();
            target.setUrl(es.url());
            target.setIndex("app-%d{yyyy.MM.dd}");
            a.setElasticsearch(target);
            a.setOverflowPolicy("BLOCK");
            a.setMaxBlock("60s");
        });

        E2eWorkload.log(2, 10_000);
        assertThat(appender.flush(Duration.ofSeconds(120))).isTrue();

        assertThat(appender.metrics().delivered()).isEqualTo(20_000);
        String today = "app-" + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
        assertThat(es.count("app-*")).isEqualTo(20_000);
        assertThat(es.count(today)).isPositive();
    }
}
