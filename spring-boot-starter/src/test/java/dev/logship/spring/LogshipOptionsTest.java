package dev.logship.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logship.core.config.ConfigProblems;
import dev.logship.core.config.TextSettings;
import dev.logship.core.pipeline.PipelineConfig;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The properties' defaults are the appenders' defaults, and problems name the Spring properties. */
class LogshipOptionsTest {

    @Test
    void everyDefaultOfThePropertiesIsTheAppendersDefault() throws Exception {
        LogshipProperties properties = new LogshipProperties();
        properties.getElasticsearch().setUrl("http://localhost:9200");
        properties.getSpill().setDirectory("/tmp/logship-defaults");
        Map<String, String> fromProperties = LogshipOptions.of(properties, new MockEnvironment());
        Map<String, String> bare = Map.of("elasticsearch.url", "http://localhost:9200",
                "spill.directory", "/tmp/logship-defaults");

        PipelineConfig starter = build(fromProperties);
        PipelineConfig appender = build(bare);

        int compared = 0;
        for (Method getter : PipelineConfig.class.getMethods()) {
            if (getter.getParameterCount() == 0 && !Modifier.isStatic(getter.getModifiers())
                    && getter.getDeclaringClass() == PipelineConfig.class
                    && !Set.of("diagnostics", "toString", "hashCode").contains(getter.getName())) {
                assertThat(getter.invoke(starter)).as(getter.getName()).isEqualTo(getter.invoke(appender));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(15);
    }

    @Test
    void graylogDefaultsAreTheAppendersDefaults() {
        LogshipProperties properties = new LogshipProperties();
        properties.getGraylog().setUrl("udp://localhost:12201");
        PipelineConfig starter = build(LogshipOptions.of(properties, new MockEnvironment()));
        PipelineConfig appender = build(Map.of("graylog.url", "udp://localhost:12201"));
        assertThat(starter.graylog()).isEqualTo(appender.graylog());
    }

    private static PipelineConfig build(Map<String, String> options) {
        ConfigProblems problems = new ConfigProblems();
        PipelineConfig.Builder builder = PipelineConfig.builder();
        TextSettings.apply(new HashMap<>(options), builder, problems);
        builder.validate(problems);
        assertThat(problems.all()).isEmpty();
        return builder.build();
    }

    @Test
    void optionNamesBecomeSpringPropertyNames() {
        assertThat(LogshipOptions.property("batch.maxEvents")).isEqualTo("logship.batch.max-events");
        assertThat(LogshipOptions.property("elasticsearch.url")).isEqualTo("logship.elasticsearch.url");
        assertThat(LogshipOptions.property("spill.fsyncInterval")).isEqualTo("logship.spill.fsync-interval");
        assertThat(LogshipOptions.property("field.team")).isEqualTo("logship.fields.team");
        assertThat(LogshipOptions.springNames("logship: invalid 'ringBufferSize': must be a power of two"))
                .isEqualTo("logship: invalid 'logship.ring-buffer-size': must be a power of two");
    }

    @Test
    void serviceNameAndEnvironmentComeFromSpringUnlessSet() {
        MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "checkout");
        environment.setActiveProfiles("prod", "eu");
        LogshipProperties properties = new LogshipProperties();
        Map<String, String> options = LogshipOptions.of(properties, environment);
        assertThat(options).containsEntry("serviceName", "checkout").containsEntry("field.environment", "prod,eu");

        properties.setServiceName("payments");
        properties.setEnvironment("staging");
        options = LogshipOptions.of(properties, environment);
        assertThat(options).containsEntry("serviceName", "payments").containsEntry("field.environment", "staging");
    }
}
