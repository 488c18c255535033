package dev.logship.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logship.core.pipeline.PipelineConfig;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Real {@code SpringApplication} runs: the listener attaches the appender right after Boot initialises logging,
 * so that the startup logs are captured; a restart attaches one again; an appender declared in the logging
 * configuration is left alone; customizer beans rebuild the early appender; a failed start stops it.
 */
abstract class SpringApplicationContract {

    /** logship appenders in the logging configuration now. */
    abstract long logshipAppenders();

    /** Events the (only) logship appender has received so far. */
    abstract long received();

    /** A logging configuration file (classpath:…) that declares its own logship appender named DECLARED. */
    abstract String configDeclaringAnAppender();

    abstract void removeLogshipAppenders();

    @AfterEach
    void cleanUp() {
        removeLogshipAppenders();
    }

    static SpringApplicationBuilder app(Class<?>... sources) {
        return new SpringApplicationBuilder(sources).web(WebApplicationType.NONE).properties(
                "logship.elasticsearch.url=" + StarterContract.deadUrl(), "logship.shutdown-timeout=1s",
                "logship.max-retries=0", "spring.application.name=starter-test");
    }

    @Test
    void theStartupLogsAreCapturedBeforeTheContextRefreshes() {
        AtomicLong receivedBeforeRefresh = new AtomicLong(-1);
        AtomicLong appendersBeforeRefresh = new AtomicLong(-1);
        SpringApplicationBuilder builder = app(App.class).listeners(event -> {
            if (event instanceof ApplicationPreparedEvent) {
                appendersBeforeRefresh.set(logshipAppenders());
                org.awaitility.Awaitility.await().atMost(StarterContract.WAIT).until(() -> received() >= 1);
                receivedBeforeRefresh.set(received());
            }
        });
        try (ConfigurableApplicationContext context = builder.run()) {
            assertThat(appendersBeforeRefresh.get()).isEqualTo(1);
            assertThat(receivedBeforeRefresh.get()).as("'Starting …' and the profile line, logged before the refresh")
                    .isGreaterThanOrEqualTo(1);
            LogshipLogging logging = context.getBean(LogshipLogging.class);
            assertThat(logging.attachedByStarter()).isTrue();
            assertThat(logging.pipeline().config().encoder().serviceName()).isEqualTo("starter-test");
            assertThat(logshipAppenders()).isEqualTo(1);
        }
        assertThat(logshipAppenders()).isZero();
    }

    @Test
    void aRestartedApplicationHasOneAppenderAgain() {
        for (int restart = 0; restart < 3; restart++) {
            try (ConfigurableApplicationContext context = app(App.class).run()) {
                assertThat(logshipAppenders()).isEqualTo(1);
            }
            assertThat(logshipAppenders()).isZero();
        }
    }

    @Test
    void anAppenderDeclaredInTheLoggingConfigurationIsLeftAlone() {
        try (ConfigurableApplicationContext context = app(App.class)
                .properties("logging.config=" + configDeclaringAnAppender()).run()) {
            LogshipLogging logging = context.getBean(LogshipLogging.class);
            assertThat(logging.attachedByStarter()).isFalse();
            assertThat(logging.appenderName()).isEqualTo("DECLARED");
            assertThat(logshipAppenders()).isEqualTo(1);
        }
    }

    @Test
    void anAppenderDeclaredInTheLoggingConfigurationGetsHealthAndMetersWithoutAnyLogshipProperty() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("logging.config=" + configDeclaringAnAppender()).run()) {
            LogshipLogging logging = context.getBean(LogshipLogging.class);
            assertThat(logging.attachedByStarter()).isFalse();
            assertThat(logging.appenderName()).isEqualTo("DECLARED");
            assertThat(context.getBean(LogshipHealthIndicator.class).health(true).getDetails())
                    .containsEntry("appender", "DECLARED").containsEntry("attachedByStarter", false);
            assertThat(logshipAppenders()).isEqualTo(1);
        }
    }

    @Test
    void excludingTheAutoConfigurationAttachesNothing() {
        try (ConfigurableApplicationContext context = app(App.class)
                .properties("spring.autoconfigure.exclude=" + LogshipAutoConfiguration.class.getName()).run()) {
            assertThat(context.getBeansOfType(LogshipLogging.class)).isEmpty();
            assertThat(logshipAppenders()).isZero();
        }
    }

    @Test
    void customizerBeansRebuildTheEarlyAppender() {
        try (ConfigurableApplicationContext context = app(App.class, Customized.class).run()) {
            LogshipLogging logging = context.getBean(LogshipLogging.class);
            PipelineConfig config = logging.pipeline().config();
            assertThat(config.batchMaxEvents()).isEqualTo(7);
            assertThat(logging.meterName()).isEqualTo("LOGSHIP");
            assertThat(logshipAppenders()).isEqualTo(1);
        }
        assertThat(logshipAppenders()).isZero();
    }

    @Test
    void aFailedStartShipsTheFailureReportAndTheNextRunReplacesTheAppender() {
        AtomicLong receivedAtFailure = new AtomicLong(-1);
        SpringApplicationBuilder broken = app(App.class, Broken.class).listeners(event -> {
            if (event instanceof org.springframework.boot.context.event.ApplicationFailedEvent) {
                receivedAtFailure.set(received());
            }
        });
        assertThatThrownBy(broken::run).hasStackTraceContaining("broken on purpose");
        assertThat(logshipAppenders()).as("kept for the failure report").isEqualTo(1);
        assertThat(received()).as("Boot's failure report, logged after the failure event").isGreaterThan(receivedAtFailure.get());

        try (ConfigurableApplicationContext context = app(App.class).run()) {
            assertThat(logshipAppenders()).isEqualTo(1);
            assertThat(context.getBean(LogshipLogging.class).attachedByStarter()).isTrue();
        }
        assertThat(logshipAppenders()).isZero();
    }

    @Test
    void theSameSpringApplicationRunTwiceAttachesOneEachTime() {
        org.springframework.boot.SpringApplication application = app(App.class).build();
        for (int run = 0; run < 2; run++) {
            try (ConfigurableApplicationContext context = application.run()) {
                assertThat(logshipAppenders()).isEqualTo(1);
                assertThat(context.getBean(LogshipLogging.class).pipeline()).isNotNull();
            }
            assertThat(logshipAppenders()).isZero();
        }
    }

    @Test
    void withoutASinkUrlNothingIsAttached() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE).run()) {
            assertThat(context.getBeansOfType(LogshipLogging.class)).isEmpty();
            assertThat(logshipAppenders()).isZero();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(LogshipAutoConfiguration.class)
    static class App {
    }

    @Configuration(proxyBeanMethods = false)
    static class Customized {
        @Bean
        LogshipCustomizer smallBatches() {
            return config -> config.batchMaxEvents(7);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Broken {
        @Bean
        String broken() {
            throw new IllegalStateException("broken on purpose");
        }
    }
}
