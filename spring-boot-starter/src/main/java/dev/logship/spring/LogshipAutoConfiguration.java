package dev.logship.spring;

import dev.logship.spring.LogshipApplicationListener.EarlyLogshipLogging;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Ships the application's logs when {@code logship.elasticsearch.url} or {@code logship.graylog.url} is set
 * (or {@code logship.enabled=true}), and reports on a logship appender the logging configuration declares itself
 * (unless {@code logship.enabled=false}): the appender attached by {@link LogshipApplicationListener} before the
 * context started, or — in a context not started by {@code SpringApplication} — one attached now; a
 * {@code logship} health contributor with Actuator, and {@code logship.*} meters with Micrometer.
 */
@AutoConfiguration
@Conditional(LogshipAutoConfiguration.OnEnabled.class)
@EnableConfigurationProperties(LogshipProperties.class)
public class LogshipAutoConfiguration {

    /** The appender the listener attached early, rebuilt with the customizer beans if there are any. */
    @Bean(destroyMethod = "") // closed by the listener's disposable, after the application's beans
    @ConditionalOnBean(EarlyLogshipLogging.class)
    LogshipLogging logshipLogging(EarlyLogshipLogging early, ObjectProvider<LogshipCustomizer> customizers) {
        early.logging().customize(customizers.orderedStream().toList());
        return early.logging();
    }

    /** A context that {@code SpringApplication} did not start (a test's, say): the appender is attached now. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean({EarlyLogshipLogging.class, LogshipLogging.class})
    LogshipLogging logshipLoggingAttachedByContext(LogshipProperties properties, Environment environment,
                                                   ObjectProvider<LogshipCustomizer> customizers) {
        return LogshipLogging.install(properties, environment, customizers.orderedStream().toList());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("logship")
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "logshipHealthIndicator")
        LogshipHealthIndicator logshipHealthIndicator(LogshipLogging logging, LogshipProperties properties) {
            return new LogshipHealthIndicator(logging, properties.getHealth().isDownWhenSinkDown());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class Metrics {
        @Bean
        @ConditionalOnMissingBean
        LogshipMeterBinder logshipMeterBinder(LogshipLogging logging) {
            return new LogshipMeterBinder(logging);
        }
    }

    /** {@code logship.enabled}, or when it is not set, whether a sink URL is. */
    static final class OnEnabled extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            LogshipProperties properties = PropertiesBinding.bind(context.getEnvironment());
            if (properties == null) {
                return ConditionOutcome.noMatch("a logship.* property does not convert (reported)");
            }
            if (properties.isActive()) {
                return ConditionOutcome.match(properties.getEnabled() != null ? "logship.enabled=true"
                        : "a logship sink URL is set");
            }
            if (properties.getEnabled() == null && LogshipLogging.declaredAppenderPresent()) {
                return ConditionOutcome.match("the logging configuration declares a logship appender (health and meters "
                        + "report on it)");
            }
            return ConditionOutcome.noMatch(properties.getEnabled() != null ? "logship.enabled=false"
                    : "neither logship.elasticsearch.url nor logship.graylog.url is set");
        }
    }
}
