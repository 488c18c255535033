package dev.logship.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.e2e.testkit.E2eWorkload;
import dev.logship.e2e.testkit.LogbackFixture;
import dev.logship.e2e.testkit.OpenSearchClient;
import dev.logship.e2e.testkit.RealOpenSearch;
import dev.logship.logback.LogshipAppender;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SLF4J → Logback → LogshipAppender → a real OpenSearch 2.19 node (started by the build in its own JVM),
 * counted back with {@code _count}: since every event's id is its document {@code _id} and the target
 * is written with {@code create}, the count equals the events logged only if each arrived exactly once.
 */
@ExtendWith(RealOpenSearch.class)
class OpenSearchIT {

    @AfterEach
    void tearDown() {
        LogbackFixture.reset();
    }

    @Test
    void twoHundredThousandEventsIntoADataStreamExactlyOnce(OpenSearchClient es) throws Exception {
        es.dataStreamTemplate("logs-e2e", "logs-e2e-*");
        LogshipAppender appender = LogbackFixture.attach(es.url(), a -> {
            a.setServiceName("e2e");
            a.setOverflowPolicy("BLOCK");
            a.setMaxBlock("120s");
        });

        E2eWorkload.log(4, 50_000);
        assertThat(appender.flush(Duration.ofSeconds(180))).isTrue();

        MetricsSnapshot metrics = appender.metrics();
        assertThat(metrics.delivered()).isEqualTo(200_000);
        assertThat(metrics.droppedTotal()).isZero();
        assertThat(es.count("logs-e2e-default")).isEqualTo(200_000);

        List<Map<String, Object>> sample = es.search("logs-e2e-default", "labels.worker:2 AND seq:(17 OR 20007)", 10);
        assertThat(sample).hasSize(2);
        assertThat(sample.stream().mapToInt(doc -> E2eWorkload.assertDocument(doc, "e2e")).sum()).isEqualTo(1);
        Map<String, Object> one = es.search("logs-e2e-default", "labels.worker:0 AND seq:123", 1).get(0);
        assertThat(one).containsEntry("message", "event 123 from worker 0").containsEntry("seq", 123L);
    }

    @Test
    void aDatedIndexWithZstdBodies(OpenSearchClient es) throws Exception {
        LogshipAppender appender = LogbackFixture.attach(es.url(), a -> {
            a.setServiceName("dated");
            a.setCompression("zstd");
            a.setOverflowPolicy("BLOCK");
            a.setMaxBlock("60s");
            dev.logship.logback.ElasticsearchSettings target = new dev.logship.logback.ElasticsearchSettings();
            target.setUrl(es.url());
            target.setIndex("app-%d{yyyy.MM.dd}");
            a.setElasticsearch(target);
        });

        E2eWorkload.log(2, 10_000);
        assertThat(appender.flush(Duration.ofSeconds(120))).isTrue();

        assertThat(appender.metrics().delivered()).isEqualTo(20_000);
        String today = "app-" + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy.MM.dd"));
        long inToday = es.count(today);
        assertThat(inToday + es.count("app-*,-" + today)).isEqualTo(20_000); // a run may straddle midnight UTC
        assertThat(inToday).isPositive();
        assertThat(es.search("app-*", "labels.worker:1 AND seq:7", 1).get(0))
                .containsEntry("log.level", "ERROR").containsEntry("service.name", "dated");
    }
}
