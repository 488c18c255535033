package dev.logship.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every example {@code logback*.xml} loads with no WARN or ERROR status and starts its logship appender. */
class ExampleConfigIT {
    private static final Path ROOT = Path.of(System.getProperty("logship.root", "."));

    static List<Path> exampleConfigs() throws Exception {
        try (Stream<Path> files = Files.walk(ROOT.resolve("examples"))) {
            return files.filter(p -> p.getFileName().toString().matches("logback.*\\.xml"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .sorted().collect(Collectors.toList());
        }
    }

    @Test
    void thereAreExampleConfigs() throws Exception {
        assertThat(exampleConfigs()).isNotEmpty();
    }

    @TestFactory
    Stream<DynamicTest> everyExampleLoadsCleanly() throws Exception {
        return exampleConfigs().stream().map(path -> DynamicTest.dynamicTest(ROOT.relativize(path).toString(), () -> {
            LoggerContext context = new LoggerContext();
            dev.logship.e2e.testkit.BulkReceiver receiver = new dev.logship.e2e.testkit.BulkReceiver();
            context.putProperty("LOGSHIP_URL", receiver.url());
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(path.toFile());
            // the appender asks the sink what it is as it starts: wait for that, so its outcome is checked too
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> context
                    .getStatusManager().getCopyOfStatusList().stream().anyMatch(s -> s.getMessage().contains(" is Elasticsearch")));
            List<String> problems = context.getStatusManager().getCopyOfStatusList().stream()
                    .filter(s -> s.getLevel() >= Status.WARN)
                    .map(s -> s.getMessage() + (s.getThrowable() == null ? "" : ": " + s.getThrowable()))
                    .collect(Collectors.toList());
            boolean started = context.getLoggerList().stream().flatMap(l -> {
                Stream.Builder<ch.qos.logback.core.Appender<?>> b = Stream.builder();
                l.iteratorForAppenders().forEachRemaining(b::add);
                return b.build();
            }).anyMatch(a -> a instanceof dev.logship.logback.LogshipAppender && a.isStarted());
            context.stop();
            receiver.close();
            assertThat(problems).as("WARN/ERROR statuses of " + path).isEmpty();
            assertThat(started).as("a started LogshipAppender in " + path).isTrue();
        }));
    }
}
