package dev.logship.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** log4j2.xml with {@code <Logship>}: a good file starts it without an error status, a bad one names every problem. */
class Log4j2ConfigTest {
    private final List<StatusData> statuses = new CopyOnWriteArrayList<>();
    private final StatusListener listener = new StatusListener() {
        @Override public void log(StatusData data) { statuses.add(data); }
        @Override public Level getStatusLevel() { return Level.INFO; }
        @Override public void close() { }
    };
    private LoggerContext context;

    @BeforeEach
    void listen() {
        StatusLogger.getLogger().registerListener(listener);
    }

    @AfterEach
    void stop() {
        if (context != null) {
            Configurator.shutdown(context);
        }
        StatusLogger.getLogger().removeListener(listener);
    }

    private LoggerContext load(String resource) throws Exception {
        URI uri = getClass().getResource(resource).toURI();
        context = Configurator.initialize("config-test-" + resource, getClass().getClassLoader(), uri);
        return context;
    }

    private List<String> messages(Level atLeast) {
        return statuses.stream().filter(s -> s.getLevel().isMoreSpecificThan(atLeast))
                .map(s -> s.getMessage().getFormattedMessage() + (s.getThrowable() == null ? "" : " " + s.getThrowable()))
                .toList();
    }

    @Test
    void everyOptionLoadsWithoutAnErrorStatus(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        System.setProperty("logship.test.spill", dir.toString()); // a fresh spill directory: nothing from earlier runs
        LoggerContext ctx = load("/configs/good.xml");
        LogshipAppender appender = ctx.getConfiguration().getAppender("SHIP");
        assertThat(appender).isNotNull();
        assertThat(appender.isStarted()).isTrue();
        // the URLs are deliberately unreachable: the one warning allowed is that the sink cannot be asked
        // (status listeners are JVM-wide: other tests' contexts may report on them, so only ours count)
        assertThat(messages(Level.WARN)).filteredOn(m -> m.contains("ogship") || m.contains("SHIP"))
                .allSatisfy(m -> assertThat(m).contains("to ask what it is"));
        assertThat(messages(Level.INFO)).anySatisfy(m -> assertThat(m).contains("logship: started")
                .contains("ringBufferSize=1024").contains("overflowPolicy=BLOCK").contains("batch=100/1MB/200ms")
                .contains("compression=ZSTD").contains("index app-%d{yyyy.MM.dd}").contains("password=****")
                .contains("logship-log4j2-config-test-spill (64MB, DROP_OLDEST, fsync ALWAYS, OVERFLOW)")
                .doesNotContain("s3cret"));
        ctx.getLogger("app").info("shipped");
        assertThat(appender.metrics().received()).isEqualTo(1);
    }

    /** A field's value as the attribute or as the element's text. */
    @Test
    void aFieldValueAsAttributeOrAsElementText(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (GelfReceiver gelf = new GelfReceiver(true)) {
            java.nio.file.Path file = dir.resolve("fields.xml");
            java.nio.file.Files.writeString(file, "<Configuration status=\"WARN\"><Appenders><Logship name=\"FIELDS\""
                    + " flushOnExit=\"false\" lossSummary=\"false\"><Graylog url=\"" + gelf.url() + "\"/>"
                    + "<Field name=\"environment\" value=\"prod\"/><Field name=\"region\">eu-west</Field></Logship>"
                    + "</Appenders><Loggers><Root level=\"INFO\"><AppenderRef ref=\"FIELDS\"/></Root></Loggers></Configuration>");
            context = Configurator.initialize("config-test-fields", getClass().getClassLoader(), file.toUri());
            context.getLogger("app").info("with fields");
            LogshipAppender appender = context.getConfiguration().getAppender("FIELDS");
            assertThat((Object) appender).as("%s", messages(Level.ERROR)).isNotNull();
            assertThat(appender.flush(java.time.Duration.ofSeconds(10))).isTrue();
            assertThat(gelf.lines).singleElement().satisfies(line -> assertThat(line)
                    .contains("\"_environment\":\"prod\"").contains("\"_region\":\"eu-west\""));
            assertThat(messages(Level.WARN)).noneMatch(m -> m.contains("Field") || m.contains("FIELDS"));
        }
    }

    @Test
    void badOptionsAreNamedWithTheFixAndTheRestOfLoggingWorks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("app.log");
        System.setProperty("logship.test.file", file.toString());
        LoggerContext ctx = load("/configs/bad.xml");
        List<String> errors = messages(Level.ERROR);
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'ringBufferSize'").contains("power of two"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'overflowPolicy'").contains("SOMETIMES"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'elasticsearch.url'").contains("ftp://nowhere"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'batch.maxBytes'").contains("lots"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'spill.fsync'").contains("[NEVER, INTERVAL, ALWAYS]"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'Field'").contains("<Field name=\"environment\" value=\"prod\"/>"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("appender 'BAD' is left out"));
        assertThat((Object) ctx.getConfiguration().getAppender("BAD")).isNull();

        ctx.getLogger("app").info("still logging");
        assertThat(java.nio.file.Files.readString(file)).contains("still logging");
    }
}
