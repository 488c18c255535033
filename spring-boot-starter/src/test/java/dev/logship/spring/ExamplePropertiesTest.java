package dev.logship.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

/** The Spring Boot example's application.properties: every logship.* key exists, binds, and configures a valid pipeline. */
class ExamplePropertiesTest {

    @Test
    void theExamplesLogshipPropertiesAreKnownAndValid() throws IOException {
        Properties example = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("../examples/spring-boot-example/src/main/resources/application.properties"))) {
            example.load(in);
        }
        var known = ReferenceTableTest.metadata().keySet();
        MockEnvironment environment = new MockEnvironment();
        example.stringPropertyNames().forEach(name -> {
            environment.setProperty(name, example.getProperty(name).replace("${LOGSHIP_URL:http://localhost:9200}",
                    "http://localhost:9200"));
            if (name.startsWith("logship.")) {
                assertThat(known).as("a logship property the starter knows").contains(name);
            }
        });
        LogshipProperties properties = Binder.get(environment).bind("logship", LogshipProperties.class).get();
        assertThat(properties.isActive()).isTrue();
        var options = LogshipOptions.of(properties, environment);
        assertThat(options).containsEntry("serviceName", "checkout").containsEntry("elasticsearch.url", "http://localhost:9200");
        var problems = new dev.logship.core.config.ConfigProblems();
        var config = dev.logship.core.pipeline.PipelineConfig.builder();
        dev.logship.core.config.TextSettings.apply(options, config, problems);
        config.validate(problems);
        assertThat(problems.all()).isEmpty();
    }
}
