package dev.logship.core.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logship.core.config.ConfigProblems;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ElasticsearchConfigTest {
    private final ConfigProblems problems = new ConfigProblems();

    private ElasticsearchConfig of(String url, String dataStream, String index) {
        return ElasticsearchConfig.of(url, dataStream, index, null, null, null, null, "checkout", problems);
    }

    private ElasticsearchConfig withAuth(String username, String password, String apiKey, String bearerToken) {
        return ElasticsearchConfig.of("http://es:9200", null, null, username, password, apiKey, bearerToken, "checkout",
                problems);
    }

    @Test
    void credentialsInTheUrlAreAProblemAndNeverEchoed() {
        of("http://elastic:s3cret@es:9200", null, null);

        assertThat(problems.all()).singleElement().satisfies(p -> assertThat(p)
                .contains("'elasticsearch.url'").contains("elasticsearch.username").doesNotContain("s3cret"));
    }

    @Test
    void splitsCommaSeparatedUrls() {
        ElasticsearchConfig config = of("http://es1:9200, https://es2:9243/ ,http://es3:9200/prefix/", null, null);

        assertThat(problems.all()).isEmpty();
        assertThat(config.urls()).containsExactly(URI.create("http://es1:9200"), URI.create("https://es2:9243"),
                URI.create("http://es3:9200/prefix"));
    }

    @Test
    void defaultsToTheDataStreamOfTheService() {
        ElasticsearchConfig config = of("http://es:9200", null, null);

        assertThat(config.dataStream()).isEqualTo("logs-checkout-default");
        assertThat(config.index()).isNull();
        assertThat(config.target()).isEqualTo("data stream logs-checkout-default");
    }

    @Test
    void defaultDataStreamNameIsMadeValid() {
        assertThat(ElasticsearchConfig.defaultDataStream("Checkout Service/EU")).isEqualTo("logs-checkout_service_eu-default");
        assertThat(ElasticsearchConfig.defaultDataStream(null)).isEqualTo("logs-generic-default");
        assertThat(ElasticsearchConfig.defaultDataStream(" ")).isEqualTo("logs-generic-default");
    }

    @Test
    void keepsAnExplicitDataStreamOrIndex() {
        assertThat(of("http://es:9200", "logs-app-prod", null).dataStream()).isEqualTo("logs-app-prod");
        ElasticsearchConfig indexed = of("http://es:9200", null, "app-%d{yyyy.MM.dd}");

        assertThat(indexed.index()).isEqualTo("app-%d{yyyy.MM.dd}");
        assertThat(indexed.dataStream()).isNull();
        assertThat(indexed.target()).isEqualTo("index app-%d{yyyy.MM.dd}");
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void dataStreamAndIndexTogetherIsAProblem() {
        of("http://es:9200", "logs-app-prod", "app-%d{yyyy.MM.dd}");

        assertThat(problems.all()).singleElement().asString()
                .contains("'elasticsearch.dataStream'", "elasticsearch.index", "keep one");
    }

    @ParameterizedTest
    @ValueSource(strings = {"es1:9200", "ftp://es:21", "http://", "not a url", "http://es:9200 x", "//es:9200"})
    void aBadUrlIsAProblemNamingTheSetting(String url) {
        ElasticsearchConfig config = of("http://good:9200," + url, null, null);

        assertThat(problems.all()).singleElement().asString().contains("'elasticsearch.url'");
        assertThat(config.urls()).containsExactly(URI.create("http://good:9200"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void aMissingUrlIsAProblemWithAnExample(String url) {
        of(url, null, null);

        assertThat(problems.all()).singleElement().asString().contains("'elasticsearch.url'", "http://localhost:9200");
    }

    @Test
    void badTargetNamesAreProblems() {
        of("http://es:9200", "Logs App", null);
        of("http://es:9200", null, "_app-%d{yyyy.MM.dd");

        assertThat(problems.all()).hasSize(3);
        assertThat(problems.all().get(0)).contains("'elasticsearch.dataStream'", "lowercase");
        assertThat(problems.all().subList(1, 3)).allSatisfy(p -> assertThat(p).contains("'elasticsearch.index'"));
    }

    @Test
    void usernameWithoutPasswordIsAProblem() {
        withAuth("elastic", null, null, null);

        assertThat(problems.all()).singleElement().asString().contains("'elasticsearch.password'", "username");
    }

    @Test
    void passwordWithoutUsernameIsAProblem() {
        withAuth(null, "secret", null, null);

        assertThat(problems.all()).singleElement().asString().contains("'elasticsearch.password'")
                .doesNotContain("secret'");
    }

    @Test
    void twoKindsOfAuthenticationIsAProblem() {
        withAuth(null, null, "key", "token");

        assertThat(problems.all()).singleElement().asString().contains("'elasticsearch.apiKey'", "only one");
    }

    @Test
    void authorizationHeaderValues() {
        assertThat(withAuth(null, null, " abc123== ", null).authorization()).isEqualTo("ApiKey abc123==");
        assertThat(withAuth(null, null, null, "tok.en").authorization()).isEqualTo("Bearer tok.en");
        String basic = withAuth("elastic", "pässword:1", null, null).authorization();
        assertThat(basic).startsWith("Basic ");
        assertThat(new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8))
                .isEqualTo("elastic:pässword:1");
        assertThat(withAuth(null, null, null, null).authorization()).isNull();
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void toStringNeverShowsSecrets() {
        ElasticsearchConfig basic = withAuth("elastic", "hunter2-password", null, null);
        ElasticsearchConfig apiKey = withAuth(null, null, "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==",
                null);
        ElasticsearchConfig bearer = withAuth(null, null, null, "bearer-token-value");
        ElasticsearchConfig everything = new ElasticsearchConfig(java.util.List.of(URI.create("http://es:9200")),
                "logs-a-default", null, "elastic", "hunter2-password", "the-api-key", "bearer-token-value", null);

        assertThat(basic.toString()).contains("username=elastic", "password=****").doesNotContain("hunter2");
        assertThat(apiKey.toString()).contains("apiKey=****").doesNotContain("VnVhQ2ZH");
        assertThat(bearer.toString()).contains("bearerToken=****").doesNotContain("bearer-token-value");
        assertThat(everything.toString()).doesNotContain("hunter2", "the-api-key", "bearer-token-value");
    }
}
