package dev.logship.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logship.core.pipeline.PipelineConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextSettingsTest {

    @Test
    void aPathTheSystemCannotTakeIsAProblemNamingTheOptionNotAnException() {
        ConfigProblems problems = new ConfigProblems();
        TextSettings.apply(Map.of("elasticsearch.url", "http://localhost:9200", "spill.directory", "/var/spool/a\u0000b",
                "elasticsearch.caCertificate", "/etc/ca\u0000.pem"), PipelineConfig.builder(), problems);
        assertThat(problems.all()).hasSize(2).anySatisfy(p -> assertThat(p).contains("'spill.directory'")
                .contains("is not a valid path")).anySatisfy(p -> assertThat(p).contains("'elasticsearch.caCertificate'"));
    }

    @Test
    void writtenOptionsWinOverOnesGivenInCodeAndAnUnsetOneKeepsThem() {
        Map<String, String> written = new java.util.HashMap<>();
        written.put("batch.maxEvents", "10");
        written.put("compression", null);
        written.put("graylog.url", null);
        Map<String, String> merged = TextSettings.merge(Map.of("batch.maxEvents", "5", "compression", "zstd"), written);
        assertThat(merged).containsEntry("batch.maxEvents", "10").containsEntry("compression", "zstd")
                .containsKey("graylog.url");
    }
}
