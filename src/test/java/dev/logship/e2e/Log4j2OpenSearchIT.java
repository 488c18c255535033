package dev.logship.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logship.e2e.testkit.OpenSearchClient;
import dev.logship.e2e.testkit.RealOpenSearch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.message.StringMapMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log4j2 → logship → the real OpenSearch node: 100,000 events from 4 threads through synchronous
 * loggers and through all-async loggers, each counted back once (event ids as {@code _id} with
 * {@code create}, and no {@code w<worker>-<seq>} held by two documents) with ThreadContext, map-message fields and
 * throwables intact.
 */
@ExtendWith(RealOpenSearch.class)
class Log4j2OpenSearchIT {
    @TempDir
    Path dir;

    private LoggerContext start(LoggerContext context, String url, String dataStream) throws Exception {
        Path file = dir.resolve("log4j2-" + dataStream + ".xml");
        Files.writeString(file, "<Configuration status=\"WARN\"><Appenders><Logship name=\"SHIP\" serviceName=\"e2e\""
                + " flushOnExit=\"false\" overflowPolicy=\"BLOCK\" maxBlock=\"120s\" shutdownTimeout=\"120s\">"
                + "<Elasticsearch url=\"" + url + "\" dataStream=\"" + dataStream + "\"/></Logship></Appenders>"
                + "<Loggers><Root level=\"INFO\"><AppenderRef ref=\"SHIP\"/></Root></Loggers></Configuration>");
        Configuration config = ConfigurationFactory.getInstance().getConfiguration(context,
                new ConfigurationSource(Files.newInputStream(file), file.toFile()));
        context.start(config);
        return context;
    }

    private static void log(Logger log, int threads, int perThread) throws InterruptedException {
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            Thread thread = new Thread(() -> {
                ThreadContext.put("worker", Integer.toString(worker));
                for (int i = 0; i < perThread; i++) {
                    StringMapMessage event = new StringMapMessage().with("seq", "w" + worker + "-" + i);
                    if (i % 10_000 == 7) {
                        log.error(event.with("payment", "failed"), new IllegalStateException("card declined"));
                    } else {
                        log.info(event.with("orderId", "o-" + i));
                    }
                }
                ThreadContext.clearAll();
            });
            producers.add(thread);
            thread.start();
        }
        for (Thread thread : producers) {
            thread.join();
        }
    }

    private static void check(OpenSearchClient es, String dataStream) {
        assertThat(es.count(dataStream)).isEqualTo(100_000);
        // exactly once: every event carries its own (worker, seq), and no value is held by two documents
        assertThat(es.countWhere(dataStream, "seq:*")).isEqualTo(100_000);
        assertThat(es.duplicates(dataStream, "seq.keyword")).as("events stored twice").isEmpty();
        assertThat(es.duplicates(dataStream, "labels.worker.keyword")).as("the same aggregation does see values held"
                + " by many documents (a field it cannot find would give none)").containsExactlyInAnyOrder("0", "1", "2", "3");
        assertThat(es.countWhere(dataStream, "labels.worker:*")).as("ThreadContext on every event").isEqualTo(100_000);
        assertThat(es.countWhere(dataStream, "orderId:*")).as("map-message fields").isEqualTo(100_000 - 4 * 3);
        Map<String, Object> error = es.search(dataStream, "log.level:ERROR", 1).get(0);
        assertThat(error).containsEntry("error.type", "java.lang.IllegalStateException")
                .containsEntry("error.message", "card declined").containsEntry("service.name", "e2e");
        assertThat((String) error.get("error.stack_trace")).contains("at dev.logship.e2e.Log4j2OpenSearchIT");
    }

    @Test
    void synchronousLoggers(OpenSearchClient es) throws Exception {
        es.dataStreamTemplate("logs-log4j2sync", "logs-log4j2sync-*");
        LoggerContext context = start(new LoggerContext("e2e-sync"), es.url(), "logs-log4j2sync-default");
        log(context.getLogger("e2e.sync"), 4, 25_000);
        assertThat(context.stop(180, TimeUnit.SECONDS)).isTrue(); // flushes within shutdownTimeout
        check(es, "logs-log4j2sync-default");
    }

    @Test
    void allAsyncLoggers(OpenSearchClient es) throws Exception {
        es.dataStreamTemplate("logs-log4j2async", "logs-log4j2async-*");
        LoggerContext context = start(new AsyncLoggerContext("e2e-async"), es.url(), "logs-log4j2async-default");
        log(context.getLogger("e2e.async"), 4, 25_000);
        assertThat(context.stop(180, TimeUnit.SECONDS)).isTrue(); // drains Log4j2's ring, then logship's
        check(es, "logs-log4j2async-default");
    }
}
