package dev.logship.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.logship.core.buffer.OverflowPolicy;
import dev.logship.core.compress.Compression;
import dev.logship.core.config.ConfigProblems;
import dev.logship.core.config.InvalidConfigException;
import dev.logship.core.deliver.RetryPolicy;
import dev.logship.core.encode.EncoderSettings;
import dev.logship.core.sink.ElasticsearchConfig;
import dev.logship.core.testkit.FakeSink;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineConfigTest {

    private static PipelineConfig.Builder valid() {
        return PipelineConfig.builder().sink(new FakeSink()).hostName("test-host");
    }

    private static List<String> problems(PipelineConfig.Builder builder) {
        ConfigProblems problems = new ConfigProblems();
        builder.validate(problems);
        return problems.all();
    }

    @Test
    void initialBackoffLongerThanMaxBackoffIsAProblem() {
        assertThat(problems(valid().initialBackoff(Duration.ofSeconds(10)).maxBackoff(Duration.ofSeconds(1))))
                .singleElement().satisfies(p -> assertThat(p)
                .contains("'initialBackoff'").contains("maxBackoff (1s)"));
    }

    @Test
    void defaultsAreTheDefaultConstants() {
        PipelineConfig config = valid().build();

        assertThat(config.name()).isEqualTo("logship");
        assertThat(config.ringBufferSize()).isEqualTo(PipelineConfig.DEFAULT_RING_BUFFER_SIZE).isEqualTo(16384);
        assertThat(config.overflowPolicy()).isEqualTo(PipelineConfig.DEFAULT_OVERFLOW_POLICY).isEqualTo(OverflowPolicy.DROP);
        assertThat(config.maxBlock()).isEqualTo(PipelineConfig.DEFAULT_MAX_BLOCK);
        assertThat(config.batchMaxEvents()).isEqualTo(PipelineConfig.DEFAULT_BATCH_MAX_EVENTS);
        assertThat((long) config.batchMaxBytes()).isEqualTo(PipelineConfig.DEFAULT_BATCH_MAX_BYTES);
        assertThat(config.batchLinger()).isEqualTo(PipelineConfig.DEFAULT_BATCH_LINGER);
        assertThat((long) config.maxEventBytes()).isEqualTo(PipelineConfig.DEFAULT_MAX_EVENT_BYTES);
        assertThat(config.compression()).isEqualTo(PipelineConfig.DEFAULT_COMPRESSION).isEqualTo(Compression.GZIP);
        assertThat(config.maxInFlight()).isEqualTo(PipelineConfig.DEFAULT_MAX_IN_FLIGHT);
        assertThat(config.connectTimeout()).isEqualTo(PipelineConfig.DEFAULT_CONNECT_TIMEOUT);
        assertThat(config.requestTimeout()).isEqualTo(PipelineConfig.DEFAULT_REQUEST_TIMEOUT);
        assertThat(config.shutdownTimeout()).isEqualTo(PipelineConfig.DEFAULT_SHUTDOWN_TIMEOUT);
        assertThat(config.retry()).isEqualTo(RetryPolicy.defaults());
        assertThat(config.shutdownHook()).isTrue();
        assertThat(config.encoder().mdcPrefix()).isEqualTo(EncoderSettings.DEFAULT_MDC_PREFIX);
        assertThat(config.encoder().maxStackFrames()).isZero();
        assertThat(config.encoder().hostName()).isEqualTo("test-host");
        assertThat(config.encoder().serviceName()).isNull();
        assertThat(config.elasticsearch()).isNull();
    }

    @Test
    void hostNameDefaultsToThisMachine() {
        PipelineConfig config = PipelineConfig.builder().sink(new FakeSink()).build();

        assertThat(config.encoder().hostName()).isNotBlank();
    }

    @Test
    void buildCarriesEverySetting() {
        PipelineConfig config = valid().name("ship").serviceName("checkout").field("environment", "prod")
                .mdcPrefix("mdc.").maxStackFrames(20).ringBufferSize(1024).overflowPolicy(OverflowPolicy.BLOCK)
                .maxBlock(Duration.ofMillis(10)).batchMaxEvents(100).batchMaxBytes(1 << 20)
                .batchLinger(Duration.ofMillis(200)).maxEventBytes(64 << 10).compression(Compression.NONE)
                .maxInFlight(4).maxRetries(3).initialBackoff(Duration.ofMillis(50)).maxBackoff(Duration.ofSeconds(2))
                .shutdownTimeout(Duration.ofSeconds(3)).shutdownHook(false).build();

        assertThat(config.name()).isEqualTo("ship");
        assertThat(config.encoder().serviceName()).isEqualTo("checkout");
        assertThat(config.encoder().staticFields()).containsEntry("environment", "prod");
        assertThat(config.encoder().mdcPrefix()).isEqualTo("mdc.");
        assertThat(config.encoder().maxStackFrames()).isEqualTo(20);
        assertThat(config.ringBufferSize()).isEqualTo(1024);
        assertThat(config.overflowPolicy()).isEqualTo(OverflowPolicy.BLOCK);
        assertThat(config.batchMaxBytes()).isEqualTo(1 << 20);
        assertThat(config.maxEventBytes()).isEqualTo(64 << 10);
        assertThat(config.retry()).isEqualTo(new RetryPolicy(3, Duration.ofMillis(50), Duration.ofSeconds(2)));
        assertThat(config.shutdownHook()).isFalse();
        assertThat(config.toString()).contains("name=ship", "ringBufferSize=1024", "overflowPolicy=BLOCK",
                "batch=100/1MB/200ms", "compression=NONE", "fake sink");
    }

    @Test
    void buildListsEveryProblemEachNamingItsSetting() {
        PipelineConfig.Builder bad = valid().ringBufferSize(1000).batchMaxEvents(0).maxEventBytes(100)
                .batchMaxBytes(10).maxInFlight(0).batchLinger(Duration.ZERO).shutdownTimeout(Duration.ofSeconds(-1))
                .maxRetries(-1).mdcPrefix("labels").overflowPolicy(null).compression(null);

        assertThatThrownBy(bad::build)
                .isInstanceOf(InvalidConfigException.class)
                .asInstanceOf(type(InvalidConfigException.class))
                .satisfies(e -> {
                    assertThat(e.problems()).hasSize(11);
                    assertThat(e.getMessage().lines()).hasSize(11);
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'ringBufferSize'", "1000",
                            "power of two", "16384"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'batch.maxEvents'", "at least 1"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'maxEventBytes'", "100B", "4KB"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'batch.maxBytes'", "1KB"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'maxInFlight'"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'batch.linger'", "positive"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'shutdownTimeout'", "0 or more"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'maxRetries'"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'mdcPrefix'", "end with a dot"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'overflowPolicy'", "DROP"));
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("'compression'", "gzip"));
                    assertThat(e.problems()).allSatisfy(p -> assertThat(p).startsWith("logship: invalid '"));
                });
    }

    @Test
    void aMissingSinkNamesElasticsearch() {
        assertThat(problems(PipelineConfig.builder().hostName("h")))
                .singleElement().asString().contains("'elasticsearch'", "<url>");
    }

    @Test
    void durationsMustBePositiveOrPresent() {
        List<String> problems = problems(valid().connectTimeout(null).requestTimeout(Duration.ZERO)
                .initialBackoff(Duration.ofMillis(-5)).maxBackoff(null).maxBlock(Duration.ofMillis(-1)));

        assertThat(problems).hasSize(5);
        assertThat(String.join("\n", problems)).contains("'connectTimeout': is missing", "'requestTimeout'",
                "'initialBackoff'", "'maxBackoff': is missing", "'maxBlock'");
    }

    @Test
    void zeroIsAllowedWhereItMeansNoWait() {
        assertThat(problems(valid().maxBlock(Duration.ZERO).shutdownTimeout(Duration.ZERO).maxRetries(0)
                .mdcPrefix(""))).isEmpty();
    }

    @Test
    void nameAndFieldsMustBeUsable() {
        List<String> problems = problems(valid().name(" ").field(" ", "x").field("environment", null));

        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).contains("'name'");
        assertThat(problems.subList(1, 3)).allSatisfy(p -> assertThat(p).contains("'field'"));
    }

    @Test
    void toStringNeverShowsElasticsearchSecrets() {
        ElasticsearchConfig es = ElasticsearchConfig.of("http://es:9200", null, null, "elastic", "s3cr3t-pass",
                null, null, "checkout", new ConfigProblems());

        PipelineConfig config = PipelineConfig.builder().elasticsearch(es).hostName("h").build();

        assertThat(config.toString()).contains("es:9200", "logs-checkout-default").doesNotContain("s3cr3t-pass");
    }
}
