package dev.logship.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Configuration through logback.xml: a good file starts the appender silently, a bad one names every problem. */
class LogshipAppenderConfigTest {
    private final LoggerContext context = new LoggerContext();

    @AfterEach
    void stop() {
        context.stop();
    }

    private List<Status> configure(String resource) throws Exception {
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource(resource));
        return context.getStatusManager().getCopyOfStatusList();
    }

    private static List<String> messages(List<Status> statuses, int level) {
        return statuses.stream().filter(s -> s.getLevel() == level).map(Status::getMessage).collect(Collectors.toList());
    }

    @Test
    void everySettingLoadsWithoutWarnings() throws Exception {
        List<Status> statuses = configure("/configs/good.xml");

        // the URLs in good.xml are deliberately unreachable: the one warning allowed is that the sink cannot be asked
        assertThat(statuses).filteredOn(s -> !s.getMessage().contains("to ask what it is"))
                .allMatch(s -> s.getLevel() < Status.WARN, "no WARN/ERROR");
        LogshipAppender appender = (LogshipAppender) context.getLogger("ROOT").getAppender("SHIP");
        assertThat(appender.isStarted()).isTrue();
        assertThat(messages(statuses, Status.INFO)).anySatisfy(m -> assertThat(m)
                .contains("logship: started").contains("ringBufferSize=1024").contains("overflowPolicy=BLOCK")
                .contains("batch=100/1MB/200ms").contains("compression=ZSTD")
                .contains("index app-%d{yyyy.MM.dd}").contains("password=****").doesNotContain("s3cret")
                .contains("logship-config-test-spill (64MB, DROP_NEWEST, fsync ALWAYS, WRITE_AHEAD)"));
    }

    @Test
    void badConfigurationNamesEverySettingAndLeavesTheAppenderStopped() throws Exception {
        List<Status> statuses = configure("/configs/bad.xml");

        List<String> errors = messages(statuses, Status.ERROR);
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'elasticsearch.url'").contains("http://localhost:9200"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'overflowPolicy'").contains("DROP or BLOCK"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'elasticsearch.caCertificate'")
                .contains("/nonexistent/ca.pem"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'elasticsearch.verifyHostname'"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'batch.maxBytes'").contains("8MB"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'field'").contains("<field><name>environment</name>"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'spill.maxSize'").contains("at least 64KB"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'spill.fsync'").contains("SOMETIMES")
                .contains("[NEVER, INTERVAL, ALWAYS]"));
        assertThat(errors).allSatisfy(e -> assertThat(e).contains("stays stopped"));
        LogshipAppender bad = (LogshipAppender) context.getLogger("ROOT").getAppender("BAD");
        assertThat(bad.isStarted()).isFalse();

        // the rest of the logging configuration keeps working
        context.getLogger("app").info("still logging");
        @SuppressWarnings("unchecked")
        ch.qos.logback.core.read.ListAppender<?> console =
                (ch.qos.logback.core.read.ListAppender<?>) context.getLogger("ROOT").getAppender("CONSOLE");
        assertThat(console.list).hasSize(1);
    }

    @Test
    void rangeProblemsAreReportedTogether() {
        LogshipAppender appender = new LogshipAppender();
        appender.setContext(context);
        appender.setName("RANGE");
        ElasticsearchSettings es = new ElasticsearchSettings();
        es.setUrl("http://127.0.0.1:9");
        appender.setElasticsearch(es);
        appender.setRingBufferSize("1000");
        appender.setMaxEventBytes("10");
        appender.start();

        assertThat(appender.isStarted()).isFalse();
        List<String> errors = messages(context.getStatusManager().getCopyOfStatusList(), Status.ERROR);
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'ringBufferSize'").contains("power of two"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'maxEventBytes'"));
    }

    @Test
    void graylogProblemsNameTheSettingAndTheFix() {
        LogshipAppender appender = new LogshipAppender();
        appender.setContext(context);
        appender.setName("GELF");
        GraylogSettings graylog = new GraylogSettings();
        graylog.setUrl("tcp://graylog:12201,udp://graylog:12201,ftp://graylog/gelf,tcp://noport");
        graylog.setBulk("true");
        graylog.setChunkSize("100");
        graylog.setUdpCompression("lzma");
        graylog.setHeaderName("X-Key");
        appender.setGraylog(graylog);
        ElasticsearchSettings es = new ElasticsearchSettings();
        es.setUrl("http://127.0.0.1:9");
        appender.setElasticsearch(es);
        appender.start();

        assertThat(appender.isStarted()).isFalse();
        List<String> errors = messages(context.getStatusManager().getCopyOfStatusList(), Status.ERROR);
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'graylog.url'").contains("mixes tcp and udp"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'graylog.url'").contains("ftp://graylog/gelf")
                .contains("http://graylog:12201/gelf"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'graylog.url'").contains("needs a port"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'graylog.bulk'").contains("only applies to http"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'graylog.chunkSize'").contains("1420"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'graylog.udpCompression'").contains("lzma"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'graylog.headerName'").contains("headerValue"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'graylog'").contains("exactly one sink"));
    }

    @Test
    void aGraylogAppenderStartsAndSaysWhereItShips() {
        LogshipAppender appender = new LogshipAppender();
        appender.setContext(context);
        appender.setName("GELF");
        GraylogSettings graylog = new GraylogSettings();
        graylog.setUrl("http://127.0.0.1:9/gelf");
        graylog.setBulk("true");
        graylog.setHeaderName("X-Api-Key");
        graylog.setHeaderValue("s3cret");
        appender.setGraylog(graylog);
        appender.setFlushOnExit("false");
        appender.start();

        assertThat(appender.isStarted()).isTrue();
        appender.stop();
        assertThat(messages(context.getStatusManager().getCopyOfStatusList(), Status.INFO)).anySatisfy(m -> assertThat(m)
                .contains("logship: started").contains("transport=HTTP").contains("bulk").contains("X-Api-Key=****")
                .doesNotContain("s3cret"));
    }

    @Test
    void missingSinkIsReported() {
        LogshipAppender appender = new LogshipAppender();
        appender.setContext(context);
        appender.setName("NOSINK");
        appender.start();

        assertThat(appender.isStarted()).isFalse();
        assertThat(messages(context.getStatusManager().getCopyOfStatusList(), Status.ERROR))
                .anySatisfy(e -> assertThat(e).contains("'elasticsearch'").contains("<url>"));
    }
}
