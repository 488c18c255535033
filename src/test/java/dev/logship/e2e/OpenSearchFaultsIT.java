package dev.logship.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.e2e.testkit.LogbackFixture;
import dev.logship.e2e.testkit.OpenSearchClient;
import dev.logship.e2e.testkit.RealOpenSearch;
import dev.logship.logback.ElasticsearchSettings;
import dev.logship.logback.LogshipAppender;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the real OpenSearch node's refusals are handled: item rejections, item-level 429, a dead node. */
@ExtendWith(RealOpenSearch.class)
class OpenSearchFaultsIT {
    private final Logger log = LoggerFactory.getLogger("e2e.faults");

    @AfterEach
    void tearDown() {
        LogbackFixture.reset();
    }

    private static LogshipAppender ship(String url, String dataStream) {
        return LogbackFixture.attach(url, a -> {
            ElasticsearchSettings target = new ElasticsearchSettings();
            target.setUrl(url);
            target.setDataStream(dataStream);
            a.setElasticsearch(target);
            a.setInitialBackoff("100ms");
            a.setMaxBackoff("500ms");
            a.setMaxRetries("100");
        });
    }

    @Test
    void mappingConflictsAreRejectedAndCountedWhileTheGoodItemsLand(OpenSearchClient es,
                                                                   @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        es.call("PUT", "/_index_template/logs-conflict", "{\"index_patterns\":[\"logs-conflict-*\"],\"data_stream\":{},"
                + "\"priority\":200,\"template\":{\"settings\":{\"number_of_replicas\":0},"
                + "\"mappings\":{\"properties\":{\"amount\":{\"type\":\"long\"}}}}}");
        java.nio.file.Path deadLetters = dir.resolve("dead-letter.ndjson");
        String url = es.url();
        LogshipAppender appender = LogbackFixture.attach(url, a -> {
            ElasticsearchSettings target = new ElasticsearchSettings();
            target.setUrl(url);
            target.setDataStream("logs-conflict-default");
            a.setElasticsearch(target);
            a.setDeadLetterFile(deadLetters.toString());
        });

        for (int i = 0; i < 100; i++) {
            Object amount = i % 10 == 0 ? "not a number " + i : i;
            log.atInfo().addKeyValue("amount", amount).log("payment {}", i);
        }
        assertThat(appender.flush(Duration.ofSeconds(60))).isTrue();

        MetricsSnapshot metrics = appender.metrics();
        assertThat(metrics.delivered()).isEqualTo(90);
        assertThat(metrics.dropped(DropReason.REJECTED)).isEqualTo(10);
        assertThat(metrics.rejectedByType()).containsEntry("mapper_parsing_exception", 10L);
        assertThat(metrics.retried()).isZero();
        assertThat(es.countWhere("logs-conflict-default", "log.logger:\"e2e.faults\"")).isEqualTo(90);
        // one loss summary, or two when the events went in two batches (the second one interval later)
        await().atMost(Duration.ofSeconds(75)).until(() -> es.search("logs-conflict-default",
                "log.logger:\"dev.logship\" AND message:\"rejected by sink\"", 10).stream()
                .mapToLong(summary -> ((Number) summary.get("logship.lost.rejected")).longValue()).sum() == 10);
        java.util.List<String> kept = java.nio.file.Files.readAllLines(deadLetters);
        assertThat(kept).hasSize(10).allSatisfy(line -> assertThat(line)
                .contains("mapper_parsing_exception").contains("not a number"));
    }

    @Test
    void itemLevelTooManyRequestsIsRetriedUntilEverythingLandsOnce(OpenSearchClient es) {
        es.dataStreamTemplate("logs-pressure", "logs-pressure-*");
        LogshipAppender appender = ship(es.url(), "logs-pressure-default");
        log.info("first event creates the data stream");
        assertThat(appender.flush(Duration.ofSeconds(30))).isTrue();
        es.call("PUT", "/logs-pressure-default/_settings", "{\"index.blocks.read_only_allow_delete\":true}");

        for (int i = 0; i < 500; i++) {
            log.info("under pressure {}", i);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> appender.metrics().retried() >= 2);
        es.call("PUT", "/logs-pressure-default/_settings", "{\"index.blocks.read_only_allow_delete\":null}");
        assertThat(appender.flush(Duration.ofSeconds(60))).isTrue();

        assertThat(appender.metrics().delivered()).isEqualTo(501);
        assertThat(appender.metrics().droppedTotal()).isZero();
        assertThat(es.count("logs-pressure-default")).isEqualTo(501);
    }

    @Test
    void hostileEventsIndexCleanlyAndNeverBlockTheBatch(OpenSearchClient es) {
        es.dataStreamTemplate("logs-hostile", "logs-hostile-*");
        LogshipAppender appender = ship(es.url(), "logs-hostile-default");
        String nested = "{\"a\":{\"b\":[1,{\"c\":\"" + "{[".repeat(500) + "\"}]}}";

        org.slf4j.MDC.put("payload", nested);
        org.slf4j.MDC.put("", "empty key");
        org.slf4j.MDC.put("..", "dots");
        log.info("huge {}", "x".repeat(5_000_000));
        log.info("control \u0000\u0001\u001f and lone \ud800 surrogate");
        log.atInfo().addKeyValue("event", "collides with event.id").addKeyValue("message.sub", 1).log("names");
        log.info(null);
        org.slf4j.MDC.clear();
        for (int i = 0; i < 50; i++) {
            log.info("ordinary {}", i);
        }
        assertThat(appender.flush(Duration.ofSeconds(60))).isTrue();

        MetricsSnapshot metrics = appender.metrics();
        assertThat(metrics.delivered()).isEqualTo(54);
        assertThat(metrics.droppedTotal()).isZero();
        assertThat(metrics.truncated()).isEqualTo(1);
        assertThat(es.count("logs-hostile-default")).isEqualTo(54);
        assertThat(es.search("logs-hostile-default", "logship.truncated:true", 1).get(0))
                .containsEntry("labels.payload", nested);
    }

    @Test
    void bootstrapCreatesTheTemplateSoTheTargetIsADataStream(OpenSearchClient es) {
        LogshipAppender appender = LogbackFixture.attach(es.url(), a -> {
            ElasticsearchSettings target = new ElasticsearchSettings();
            target.setUrl(es.url());
            target.setDataStream("logs-bootstrap-default");
            target.setBootstrapTemplate("true");
            target.setRetention("30d");
            a.setElasticsearch(target);
        });

        for (int i = 0; i < 100; i++) {
            log.atInfo().addKeyValue("n", i).log("bootstrapped {}", i);
        }
        assertThat(appender.flush(Duration.ofSeconds(60))).isTrue();

        assertThat(es.count("logs-bootstrap-default")).isEqualTo(100);
        assertThat(es.call("GET", "/_data_stream/logs-bootstrap-default", null).toString())
                .contains("logs-bootstrap-default");
        assertThat(es.call("GET", "/_index_template/logship-logs-bootstrap-default", null).toString())
                .contains("managed_by=logship");
        // this OpenSearch build has no ISM plugin: the template comes alone, and the appender says so
        assertThat(LogbackFixture.context().getStatusManager().getCopyOfStatusList()).anySatisfy(s -> assertThat(
                s.getMessage()).containsAnyOf("offers no ISM", "created lifecycle policy"));
    }

    @Test
    void withoutDocumentIdsTheClusterAssignsThem(OpenSearchClient es) {
        es.dataStreamTemplate("logs-noids", "logs-noids-*");
        LogshipAppender appender = LogbackFixture.attach(es.url(), a -> {
            ElasticsearchSettings target = new ElasticsearchSettings();
            target.setUrl(es.url());
            target.setDataStream("logs-noids-default");
            target.setDocumentIds("false");
            a.setElasticsearch(target);
        });

        for (int i = 0; i < 100; i++) {
            log.info("no id {}", i);
        }
        assertThat(appender.flush(Duration.ofSeconds(60))).isTrue();

        assertThat(es.count("logs-noids-default")).isEqualTo(100);
        Map<String, Object> hit = es.call("POST", "/logs-noids-default/_search", "{\"size\":1}");
        String id = (String) ((Map<?, ?>) ((java.util.List<?>) ((Map<?, ?>) hit.get("hits")).get("hits")).get(0)).get("_id");
        String eventId = (String) es.search("logs-noids-default", "*", 1).get(0).get("event.id");
        assertThat(id).isNotEqualTo(eventId);
    }

    @Test
    void withOneNodeDeadEveryEventLandsOnTheLiveOne(OpenSearchClient es) throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        es.dataStreamTemplate("logs-failover", "logs-failover-*");
        LogshipAppender appender = ship("http://127.0.0.1:" + deadPort + "," + es.url(), "logs-failover-default");

        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 200; i++) {
                log.info("round {} event {}", round, i);
            }
            assertThat(appender.flush(Duration.ofSeconds(60))).isTrue();
        }

        assertThat(appender.metrics().delivered()).isEqualTo(1000);
        assertThat(appender.metrics().droppedTotal()).isZero();
        assertThat(es.count("logs-failover-default")).isEqualTo(1000);
    }
}
