package dev.logship.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.logship.core.diag.SinkStatus;
import dev.logship.core.pipeline.Pipeline;
import dev.logship.core.pipeline.PipelineConfig;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;

/**
 * What the starter does, one small test per property group, run once with Logback ({@link LogbackStarterTest})
 * and once with Log4j2 ({@link Log4j2StarterTest}, in a test run whose class path has Log4j2 instead of Logback).
 * The sink is a closed port: delivery fails, which is what the health and shutdown tests need.
 */
abstract class StarterContract {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** Logback or Log4j2, as {@link LogshipLogging#framework()} says it. */
    abstract String framework();

    /** logship appenders in the logging configuration now. */
    abstract long logshipAppenders();

    /** Declares a logship appender in the logging configuration, as logback-spring.xml or log4j2-spring.xml would. */
    abstract void declareOwnAppender(String name, String url);

    /** Removes every logship appender the test left. */
    abstract void removeLogshipAppenders();

    /** Reloads the logging configuration from its file, as Logback's scan or Log4j2's monitorInterval would. */
    abstract void reloadLoggingConfiguration() throws Exception;

    @AfterEach
    void cleanUp() {
        removeLogshipAppenders();
    }

    static String deadUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LogshipAutoConfiguration.class))
                .withPropertyValues("logship.elasticsearch.url=" + deadUrl(), "logship.shutdown-timeout=1s",
                        "logship.max-retries=1", "logship.initial-backoff=10ms", "logship.max-backoff=20ms");
    }

    static PipelineConfig config(AssertableApplicationContext context) {
        return pipeline(context).config();
    }

    static Pipeline<?> pipeline(AssertableApplicationContext context) {
        Pipeline<?> pipeline = context.getBean(LogshipLogging.class).pipeline();
        assertThat(pipeline).as("running pipeline").isNotNull();
        return pipeline;
    }

    // ---- enabling --------------------------------------------------------------------------------------------

    @Test
    void offWithoutASinkUrl() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LogshipAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(LogshipLogging.class);
                    assertThat(logshipAppenders()).isZero();
                });
    }

    @Test
    void enabledFalseTurnsItOffDespiteAUrl() {
        runner().withPropertyValues("logship.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(LogshipLogging.class);
            assertThat(logshipAppenders()).isZero();
        });
    }

    @Test
    void aSinkUrlAttachesOneAppenderToTheRootLoggerUntilTheContextCloses() {
        runner().run(context -> {
            LogshipLogging logging = context.getBean(LogshipLogging.class);
            assertThat(logging.framework()).isEqualTo(framework());
            assertThat(logging.attachedByStarter()).isTrue();
            assertThat(logging.appenderName()).isEqualTo("LOGSHIP");
            assertThat(logshipAppenders()).isEqualTo(1);
        });
        assertThat(logshipAppenders()).isZero();
    }

    // ---- sink groups -------------------------------------------------------------------------------------------

    @Test
    void elasticsearchGroup() {
        runner().withPropertyValues("logship.elasticsearch.data-stream=logs-checkout-eu",
                "logship.elasticsearch.document-ids=false", "logship.elasticsearch.username=shipper",
                "logship.elasticsearch.password=s3cret").run(context -> {
            PipelineConfig config = config(context);
            assertThat(config.elasticsearch().dataStream()).isEqualTo("logs-checkout-eu");
            assertThat(config.elasticsearch().documentIds()).isFalse();
            assertThat(config.elasticsearch().username()).isEqualTo("shipper");
            assertThat(context.getBean(LogshipLogging.class).pipeline().sinkDescription()).doesNotContain("s3cret");
        });
    }

    @Test
    void graylogGroup() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LogshipAutoConfiguration.class))
                .withPropertyValues("logship.graylog.url=udp://127.0.0.1:12201", "logship.graylog.chunk-size=1000",
                        "logship.graylog.udp-compression=zlib", "logship.shutdown-timeout=1s")
                .run(context -> {
                    PipelineConfig config = config(context);
                    assertThat(config.elasticsearch()).isNull();
                    assertThat(config.graylog().chunkSize()).isEqualTo(1000);
                    assertThat(config.graylog().udpCompression().name()).isEqualTo("ZLIB");
                });
    }

    // ---- event fields ------------------------------------------------------------------------------------------

    @Test
    void serviceNameFromTheApplicationNameAndEnvironmentFromTheProfiles() {
        runner().withPropertyValues("spring.application.name=checkout", "spring.profiles.active=prod,eu").run(context -> {
            PipelineConfig config = config(context);
            assertThat(config.encoder().serviceName()).isEqualTo("checkout");
            assertThat(config.encoder().staticFields()).containsEntry("environment", "prod,eu");
            assertThat(config.elasticsearch().dataStream()).isEqualTo("logs-checkout-default");
        });
    }

    @Test
    void serviceNameEnvironmentAndFieldsSetExplicitly() {
        runner().withPropertyValues("spring.application.name=checkout", "logship.service-name=payments",
                "logship.environment=staging", "logship.fields.team=core", "logship.host-name=node-7",
                "logship.mdc-prefix=ctx.", "logship.max-stack-frames=40").run(context -> {
            PipelineConfig config = config(context);
            assertThat(config.encoder().serviceName()).isEqualTo("payments");
            assertThat(config.encoder().hostName()).isEqualTo("node-7");
            assertThat(config.encoder().mdcPrefix()).isEqualTo("ctx.");
            assertThat(config.encoder().maxStackFrames()).isEqualTo(40);
            assertThat(config.encoder().staticFields()).containsEntry("environment", "staging").containsEntry("team", "core");
        });
    }

    // ---- pipeline groups ---------------------------------------------------------------------------------------

    @Test
    void bufferAndBatchGroup() {
        runner().withPropertyValues("logship.ring-buffer-size=1024", "logship.overflow-policy=block",
                "logship.max-block=5ms", "logship.batch.max-events=100", "logship.batch.max-bytes=1MB",
                "logship.batch.linger=250ms", "logship.max-event-bytes=64KB", "logship.compression=zstd").run(context -> {
            PipelineConfig config = config(context);
            assertThat(config.ringBufferSize()).isEqualTo(1024);
            assertThat(config.overflowPolicy().name()).isEqualTo("BLOCK");
            assertThat(config.maxBlock()).isEqualTo(Duration.ofMillis(5));
            assertThat(config.batchMaxEvents()).isEqualTo(100);
            assertThat(config.batchMaxBytes()).isEqualTo(1 << 20);
            assertThat(config.batchLinger()).isEqualTo(Duration.ofMillis(250));
            assertThat(config.maxEventBytes()).isEqualTo(64 << 10);
            assertThat(config.compression().name()).isIn("ZSTD", "GZIP"); // gzip where zstd-jni cannot load
        });
    }

    @Test
    void deliveryGroup() {
        runner().withPropertyValues("logship.max-in-flight=3", "logship.connect-timeout=2s", "logship.request-timeout=7s",
                "logship.max-retries=4", "logship.initial-backoff=50ms", "logship.max-backoff=3s",
                "logship.shutdown-timeout=4s", "logship.flush-on-exit=false", "logship.loss-summary=false").run(context -> {
            PipelineConfig config = config(context);
            assertThat(config.maxInFlight()).isEqualTo(3);
            assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(config.retry().maxRetries()).isEqualTo(4);
            assertThat(config.retry().initialBackoff()).isEqualTo(Duration.ofMillis(50));
            assertThat(config.retry().maxBackoff()).isEqualTo(Duration.ofSeconds(3));
            assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(4));
            assertThat(config.shutdownHook()).isFalse();
            assertThat(config.lossSummary()).isFalse();
        });
    }

    @Test
    void spillGroup() {
        Path spill = dir.resolve("spill");
        runner().withPropertyValues("logship.spill.directory=" + spill, "logship.spill.max-size=64MB",
                "logship.spill.drop-policy=drop-newest", "logship.spill.fsync=always", "logship.spill.mode=write-ahead",
                "logship.spill.replay-rate=1000", "logship.dead-letter-max-size=1MB").run(context -> {
            PipelineConfig config = config(context);
            assertThat(config.spill().directory()).isEqualTo(spill);
            assertThat(config.spill().maxSize()).isEqualTo(64L << 20);
            assertThat(config.spill().dropPolicy().name()).isEqualTo("DROP_NEWEST");
            assertThat(config.spill().fsync().name()).isEqualTo("ALWAYS");
            assertThat(config.spill().mode().name()).isEqualTo("WRITE_AHEAD");
            assertThat(config.spill().replayRate()).isEqualTo(1000);
            assertThat(config.deadLetterMaxSize()).isEqualTo(1L << 20);
        });
    }

    // ---- problems ----------------------------------------------------------------------------------------------

    @Test
    void aBadValueLeavesLogshipOffWithTheSpringPropertyNamedAndTheApplicationRunning() {
        runner().withPropertyValues("logship.ring-buffer-size=1000").run(context -> {
            assertThat(context).hasNotFailed();
            LogshipLogging logging = context.getBean(LogshipLogging.class);
            assertThat(logging.pipeline()).isNull();
            assertThat(logging.problems()).singleElement().asString().contains("'logship.ring-buffer-size'");
            assertThat(logshipAppenders()).isZero();
            Health health = context.getBean(LogshipHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
            assertThat(health.getDetails()).containsKey("problems");
        });
    }

    @Test
    void aValueThatDoesNotConvertLeavesLogshipOffAndTheApplicationRunning() {
        runner().withPropertyValues("logship.batch.linger=5 parsecs").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(LogshipLogging.class);
            assertThat(logshipAppenders()).isZero();
        });
    }

    // ---- never twice -------------------------------------------------------------------------------------------

    @Test
    void anAppenderTheApplicationDeclaredIsLeftAloneAndNoSecondOneIsAttached() {
        declareOwnAppender("MINE", deadUrl());
        runner().run(context -> {
            LogshipLogging logging = context.getBean(LogshipLogging.class);
            assertThat(logging.attachedByStarter()).isFalse();
            assertThat(logging.appenderName()).isEqualTo("MINE");
            assertThat(logging.pipeline()).isNotNull();
            assertThat(logshipAppenders()).isEqualTo(1);
        });
        assertThat(logshipAppenders()).as("the application's own appender stays").isEqualTo(1);
    }

    @Test
    void aRestartedContextAttachesOneAppenderAgain() {
        ApplicationContextRunner runner = runner();
        for (int restart = 0; restart < 3; restart++) {
            runner.run(context -> assertThat(logshipAppenders()).isEqualTo(1));
            assertThat(logshipAppenders()).isZero();
        }
    }

    @Test
    void aReloadOfTheLoggingConfigurationAttachesTheAppenderAgainUntilTheContextCloses() throws Exception {
        runner().run(context -> {
            LogshipLogging logging = context.getBean(LogshipLogging.class);
            reloadLoggingConfiguration();
            assertThat(logshipAppenders()).isEqualTo(1);
            assertThat(logging.view().running()).isTrue();
            assertThat(context.getBean(LogshipHealthIndicator.class).health(true).getDetails()).containsEntry("shipping", true);
            LoggerFactory.getLogger("reload.test").info("after the reload");
            await().atMost(WAIT).until(() -> logging.pipeline().metrics().received() >= 1);
        });
        assertThat(logshipAppenders()).isZero();
        reloadLoggingConfiguration();
        assertThat(logshipAppenders()).as("no longer watched once the context closed").isZero();
    }

    @Test
    void twoContextsAtOnceShareOneAppender() {
        runner().run(outer -> runner().run(inner -> {
            assertThat(logshipAppenders()).isEqualTo(1);
            assertThat(inner.getBean(LogshipLogging.class).attachedByStarter()).isFalse();
        }));
        assertThat(logshipAppenders()).isZero();
    }

    // ---- customizer --------------------------------------------------------------------------------------------

    @Test
    void customizersAdjustTheConfigurationInOrder() {
        runner().withBean("second", LogshipCustomizer.class, () -> new Second())
                .withBean("first", LogshipCustomizer.class, () -> new First()).run(context -> {
                    PipelineConfig config = config(context);
                    assertThat(config.batchMaxEvents()).isEqualTo(7);
                    assertThat(config.encoder().staticFields()).containsEntry("order", "first,second");
                });
    }

    @Test
    void aCustomizerThatThrowsLeavesLogshipOffWithAMessageAndTheApplicationRunning() {
        runner().withBean(LogshipCustomizer.class, () -> config -> {
            throw new IllegalStateException("boom");
        }).run(context -> {
            assertThat(context).hasNotFailed();
            LogshipLogging logging = context.getBean(LogshipLogging.class);
            assertThat(logging.pipeline()).isNull();
            assertThat(logging.problems()).singleElement().asString().contains("LogshipCustomizer").contains("boom");
            assertThat(logshipAppenders()).isZero();
        });
    }

    @Order(1)
    static final class First implements LogshipCustomizer {
        @Override
        public void customize(PipelineConfig.Builder config) {
            config.batchMaxEvents(3).field("order", "first");
        }
    }

    @Order(2)
    static final class Second implements LogshipCustomizer {
        @Override
        public void customize(PipelineConfig.Builder config) {
            config.batchMaxEvents(7).field("order", "first,second");
        }
    }

    // ---- health and metrics ------------------------------------------------------------------------------------

    @Test
    void healthStaysUpWhileTheSinkIsDownAndReportsTheBacklog() {
        runner().withPropertyValues("logship.batch.linger=10ms").run(context -> {
            LoggerFactory.getLogger("health.test").info("to a sink that is down");
            LogshipHealthIndicator indicator = context.getBean(LogshipHealthIndicator.class);
            await().atMost(WAIT).until(() -> pipeline(context).sinkStatus().failing());
            Health health = indicator.health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("sinkState", "FAILING").containsKeys("backlog", "lastError",
                    "failingSince", "dropped");
            assertThat(health.getDetails()).containsEntry("blocked", 0L);
            assertThat(health.getDetails().get("sink").toString()).contains("127.0.0.1");
        });
    }

    @Test
    void healthIsDownWhileTheSinkIsDownWhenConfiguredSo() {
        runner().withPropertyValues("logship.batch.linger=10ms", "logship.health.down-when-sink-down=true").run(context -> {
            LoggerFactory.getLogger("health.test").info("to a sink that is down");
            await().atMost(WAIT).until(() -> pipeline(context).sinkStatus().state() == SinkStatus.State.FAILING);
            assertThat(context.getBean(LogshipHealthIndicator.class).health(false).getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void healthSaysSoWhenTheAppenderWasStoppedUnderneath() {
        runner().run(context -> {
            removeLogshipAppenders(); // as a reload of the logging configuration would
            Health health = context.getBean(LogshipHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
            assertThat(health.getDetails()).containsEntry("shipping", false).containsKey("reason");
        });
    }

    @Test
    void withoutActuatorAndMicrometerOnTheClassPathItShipsAllTheSame() {
        runner().withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader(
                org.springframework.boot.health.contributor.HealthIndicator.class,
                io.micrometer.core.instrument.binder.MeterBinder.class)).run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(LogshipHealthIndicator.class)
                            .doesNotHaveBean(LogshipMeterBinder.class);
                    assertThat(pipeline(context)).isNotNull();
                    assertThat(logshipAppenders()).isEqualTo(1);
                });
    }

    @Test
    void healthCanBeSwitchedOffTheActuatorWay() {
        runner().withPropertyValues("management.health.logship.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(LogshipHealthIndicator.class));
    }

    @Test
    void metersAreRegisteredAndMove() {
        runner().withPropertyValues("logship.batch.linger=10ms").run(context -> {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(LogshipMeterBinder.class).bindTo(registry);
            assertThat(registry.find("logship.events.received").tag("appender", "LOGSHIP").functionCounter()).isNotNull();
            assertThat(registry.find("logship.events.dropped").tag("reason", "delivery_failed").functionCounter())
                    .isNotNull();
            assertThat(registry.find("logship.ring.size").gauge().value()).isEqualTo(16384);
            assertThat(registry.get("logship.events.blocked").tag("appender", "LOGSHIP").functionCounter().count())
                    .as("no call found the ring full").isZero();
            double before = registry.get("logship.events.received").functionCounter().count();

            for (int i = 0; i < 5; i++) {
                LoggerFactory.getLogger("metrics.test").info("counted {}", i);
            }
            await().atMost(WAIT).until(() -> registry.get("logship.events.received").functionCounter().count() >= before + 5);
            await().atMost(WAIT).until(() -> registry.get("logship.sink.up").gauge().value() == 0);
            await().atMost(WAIT).until(() -> registry.get("logship.events.dropped").tag("reason", "delivery_failed")
                    .functionCounter().count() >= 5);
        });
    }

    @Test
    void theDeliveryTimerMovesOnceTheSinkTakesABatch() throws IOException {
        HttpServer sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        sink.createContext("/", StarterContract::answerAsOpenSearch);
        sink.start();
        try {
            runner().withPropertyValues("logship.elasticsearch.url=http://127.0.0.1:" + sink.getAddress().getPort(),
                    "logship.compression=none", "logship.batch.linger=10ms").run(context -> {
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                context.getBean(LogshipMeterBinder.class).bindTo(registry);
                FunctionTimer timer = registry.get("logship.batches.delivery").tag("appender", "LOGSHIP").functionTimer();
                double delivered = registry.get("logship.events.delivered").functionCounter().count();

                for (int i = 0; i < 5; i++) {
                    LoggerFactory.getLogger("metrics.test").info("timed {}", i);
                }
                await().atMost(WAIT).until(() -> registry.get("logship.events.delivered").functionCounter().count()
                        >= delivered + 5);
                await().atMost(WAIT).until(() -> timer.count() >= 1 && timer.totalTime(TimeUnit.NANOSECONDS) > 0);
                assertThat(registry.get("logship.batches.delivery.max").tag("appender", "LOGSHIP").timeGauge()
                        .value(TimeUnit.NANOSECONDS)).isPositive();
            });
        } finally {
            sink.stop(0);
        }
    }

    /** Just enough of OpenSearch: its version for detection, and every {@code _bulk} item created. */
    private static void answerAsOpenSearch(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String answer = "GET".equals(exchange.getRequestMethod())
                ? "{\"version\":{\"distribution\":\"opensearch\",\"number\":\"2.19.1\"}}"
                : "{\"errors\":false,\"items\":[" + String.join(",", java.util.Collections.nCopies(
                        (int) body.lines().count() / 2, "{\"create\":{\"status\":201}}")) + "]}";
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    // ---- shutdown ----------------------------------------------------------------------------------------------

    @Test
    void closingTheContextSpillsWhatCouldNotBeDelivered() throws IOException {
        Path spill = dir.resolve("spill");
        runner().withPropertyValues("logship.spill.directory=" + spill, "logship.max-retries=100", "logship.batch.linger=1h")
                .run(context -> {
                    for (int i = 0; i < 20; i++) {
                        LoggerFactory.getLogger("shutdown.test").info("kept on disk {}", i);
                    }
                    await().atMost(WAIT).until(() -> pipeline(context).metrics().received() >= 20);
                });
        assertThat(logshipAppenders()).isZero();
        try (Stream<Path> files = Files.list(spill)) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".seg"))
                    .mapToLong(f -> f.toFile().length()).sum()).isPositive();
        }
    }

    static Map<String, Object> details(Health health) {
        return health.getDetails();
    }
}
