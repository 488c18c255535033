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

/**
 * Every example {@code logback*.xml} and {@code log4j2*.xml} loads with no WARN or ERROR status and starts
 * its logship appender.
 */
class ExampleConfigIT {
    private static final Path ROOT = Path.of(System.getProperty("logship.root", "."));

    static List<Path> exampleConfigs() throws Exception {
        try (Stream<Path> files = Files.walk(ROOT.resolve("examples"))) {
            return files.filter(p -> p.getFileName().toString().matches("logback.*\\.xml"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .sorted().collect(Collectors.toList());
        }
    }

    static List<Path> log4j2Configs() throws Exception {
        try (Stream<Path> files = Files.walk(ROOT.resolve("examples"))) {
            return files.filter(p -> p.getFileName().toString().matches("log4j2.*\\.xml"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .sorted().collect(Collectors.toList());
        }
    }

    @Test
    void thereAreExampleConfigs() throws Exception {
        assertThat(exampleConfigs()).isNotEmpty();
        assertThat(log4j2Configs()).isNotEmpty();
    }

    @TestFactory
    Stream<DynamicTest> everyLog4j2ExampleLoadsCleanly() throws Exception {
        return log4j2Configs().stream().map(path -> DynamicTest.dynamicTest(ROOT.relativize(path).toString(), () -> {
            dev.logship.e2e.testkit.BulkReceiver receiver = new dev.logship.e2e.testkit.BulkReceiver();
            List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<String> infos = new java.util.concurrent.CopyOnWriteArrayList<>();
            org.apache.logging.log4j.status.StatusListener listener = new org.apache.logging.log4j.status.StatusListener() {
                @Override
                public void log(org.apache.logging.log4j.status.StatusData data) {
                    String text = data.getMessage().getFormattedMessage();
                    if (data.getLevel().isMoreSpecificThan(org.apache.logging.log4j.Level.WARN)) {
                        problems.add(text + (data.getThrowable() == null ? "" : ": " + data.getThrowable()));
                    } else {
                        infos.add(text);
                    }
                }

                @Override
                public org.apache.logging.log4j.Level getStatusLevel() {
                    return org.apache.logging.log4j.Level.INFO;
                }

                @Override
                public void close() {
                }
            };
            org.apache.logging.log4j.status.StatusLogger.getLogger().registerListener(listener);
            System.setProperty("LOGSHIP_URL", receiver.url());
            org.apache.logging.log4j.core.LoggerContext context = null;
            try {
                context = org.apache.logging.log4j.core.config.Configurator.initialize("example-" + path.getFileName(),
                        getClass().getClassLoader(), path.toUri());
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                        .until(() -> infos.stream().anyMatch(m -> m.contains(" is Elasticsearch")));
                boolean started = context.getConfiguration().getAppenders().values().stream()
                        .anyMatch(a -> a instanceof dev.logship.log4j2.LogshipAppender && a.isStarted());
                assertThat(started).as("a started Logship appender in " + path).isTrue();
            } finally {
                if (context != null) {
                    org.apache.logging.log4j.core.config.Configurator.shutdown(context);
                }
                System.clearProperty("LOGSHIP_URL");
                org.apache.logging.log4j.status.StatusLogger.getLogger().removeListener(listener);
                receiver.close();
            }
            assertThat(problems).as("WARN/ERROR statuses of " + path).isEmpty();
        }));
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
