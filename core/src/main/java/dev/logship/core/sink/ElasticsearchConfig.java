package dev.logship.core.sink;

import dev.logship.core.config.ConfigProblems;
import dev.logship.core.deliver.TlsSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where and how to reach Elasticsearch / OpenSearch. Immutable; secrets never appear in
 * {@link #toString()}.
 *
 * @param urls        one or more base URLs ({@code http://es1:9200})
 * @param dataStream  the data stream to {@code create} into; null with {@code index} set
 * @param index       an index name, optionally with a date pattern {@code app-%d{yyyy.MM.dd}} ({@code index} ops)
 * @param username    basic authentication, with {@code password}
 * @param password    basic authentication
 * @param apiKey      the encoded API key as Elasticsearch returns it ({@code Authorization: ApiKey ...})
 * @param bearerToken a bearer token ({@code Authorization: Bearer ...})
 * @param tls         TLS for https URLs: trust, client certificate, hostname verification
 * @param bootstrapTemplate whether to create an index template for the target on start (if none exists)
 * @param documentIds       whether the event id is sent as the document {@code _id} (so that a batch sent
 *                          twice is not indexed twice); off, the cluster assigns ids, a little faster
 * @param retention         with {@code bootstrapTemplate}: a lifecycle policy (ILM on Elasticsearch, ISM on
 *                          OpenSearch, where the cluster has it) that deletes data older than this; null for none
 */
public record ElasticsearchConfig(List<URI> urls, String dataStream, String index, String username,
                                  String password, String apiKey, String bearerToken, TlsSettings tls,
                                  boolean bootstrapTemplate, boolean documentIds, java.time.Duration retention) {
    /** Data stream namespace used by the default target {@code logs-<service>-default}. */
    public static final String DEFAULT_NAMESPACE = "default";

    public ElasticsearchConfig {
        urls = List.copyOf(urls);
        tls = tls == null ? TlsSettings.DEFAULT : tls;
    }

    /** Without a template bootstrap, with document ids (the defaults). */
    public ElasticsearchConfig(List<URI> urls, String dataStream, String index, String username, String password,
                               String apiKey, String bearerToken, TlsSettings tls) {
        this(urls, dataStream, index, username, password, apiKey, bearerToken, tls, false, true, null);
    }

    /** This config with the given template bootstrap, document id and retention choices. */
    public ElasticsearchConfig withOptions(boolean bootstrap, boolean ids, java.time.Duration keep) {
        return new ElasticsearchConfig(urls, dataStream, index, username, password, apiKey, bearerToken, tls, bootstrap,
                ids, keep);
    }

    /**
     * Checks {@code retention} against the target, recording a problem as {@code elasticsearch.retention}: a
     * lifecycle policy deletes indices by age, so an index name without a date — one index written for ever —
     * would lose what is being written; a data stream or a dated index is needed.
     */
    public void checkRetention(ConfigProblems problems) {
        if (retention != null && dataStream == null && index != null && IndexTarget.period(index) == null) {
            problems.add("elasticsearch.retention", "deletes whole indices by age, and elasticsearch.index '" + index
                    + "' has no date, so it would delete the index being written; write to a data stream "
                    + "(elasticsearch.dataStream) or a dated index such as " + index + "-%d{yyyy.MM.dd}, or remove the retention");
        }
    }

    /** This config with other TLS settings; checks that they load, recording problems as {@code elasticsearch.*}. */
    public ElasticsearchConfig withTls(TlsSettings settings, ConfigProblems problems) {
        settings.sslContext("elasticsearch", problems);
        return new ElasticsearchConfig(urls, dataStream, index, username, password, apiKey, bearerToken, settings,
                bootstrapTemplate, documentIds, retention);
    }

    /**
     * Parses and checks the settings as the user wrote them (comma-separated URLs), recording every
     * problem under its public name ({@code elasticsearch.url}, ...). Returns null when unusable.
     *
     * @param serviceName used for the default data stream when neither target is set
     */
    public static ElasticsearchConfig of(String url, String dataStream, String index, String username,
                                         String password, String apiKey, String bearerToken, String serviceName,
                                         ConfigProblems problems) {
        List<URI> urls = new ArrayList<>();
        if (url == null || url.isBlank()) {
            problems.add("elasticsearch.url", "is missing; set it to the cluster's base URL, e.g. http://localhost:9200");
        } else {
            for (String part : url.split(",")) {
                parseUrl(part.trim(), problems).ifPresent(urls::add);
                String userInfo = userInfo(part.trim());
                if (userInfo != null) {
                    problems.add("elasticsearch.url", "'" + redact(part.trim()) + "' holds credentials; put them in "
                            + "elasticsearch.username / elasticsearch.password (or use apiKey) instead of the URL");
                }
            }
        }
        boolean hasStream = dataStream != null && !dataStream.isBlank();
        boolean hasIndex = index != null && !index.isBlank();
        problems.check(hasStream && hasIndex, "elasticsearch.dataStream",
                "and elasticsearch.index are both set; keep one (a data stream is recommended)");
        if (hasStream) {
            checkName("elasticsearch.dataStream", dataStream, problems);
        }
        if (hasIndex) {
            checkName("elasticsearch.index", index.replaceAll("%d\\{[^}]*}", "x"), problems);
            IndexTarget.checkPattern(index, problems);
        }
        int auths = (present(apiKey) ? 1 : 0) + (present(bearerToken) ? 1 : 0) + (present(username) ? 1 : 0);
        problems.check(auths > 1, "elasticsearch.apiKey",
                "set only one of apiKey, bearerToken or username/password");
        problems.check(present(username) != present(password), "elasticsearch.password",
                "username and password go together; set both or neither");
        String stream = hasStream || hasIndex ? dataStream : defaultDataStream(serviceName);
        return new ElasticsearchConfig(urls, hasStream || !hasIndex ? stream : null, hasIndex ? index : null,
                username, password, apiKey, bearerToken, TlsSettings.DEFAULT);
    }

    /** {@code logs-<service>-default}, the service name reduced to what a data stream name allows. */
    public static String defaultDataStream(String serviceName) {
        String dataset = serviceName == null || serviceName.isBlank() ? "generic"
                : serviceName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._]", "_");
        return "logs-" + dataset + "-" + DEFAULT_NAMESPACE;
    }

    private static String userInfo(String text) {
        try {
            return new URI(text).getRawUserInfo();
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static String redact(String text) {
        return text.replaceAll("//[^@/]*@", "//****@");
    }

    private static java.util.Optional<URI> parseUrl(String text, ConfigProblems problems) {
        try {
            URI uri = new URI(text);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                problems.add("elasticsearch.url", "'" + redact(text) + "' is not an http(s) URL; write e.g. http://localhost:9200");
                return java.util.Optional.empty();
            }
            String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
            return java.util.Optional.of(new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), path, null, null));
        } catch (java.net.URISyntaxException e) {
            problems.add("elasticsearch.url", "'" + redact(text) + "' is not a URL (" + e.getReason() + ")");
            return java.util.Optional.empty();
        }
    }

    private static void checkName(String setting, String name, ConfigProblems problems) {
        problems.check(!name.equals(name.toLowerCase(Locale.ROOT)) || name.matches(".*[\\\\/*?\"<>| ,#:].*")
                        || name.startsWith("-") || name.startsWith("_") || name.startsWith("+"), setting,
                "'" + name + "' is not a valid index or data stream name: use lowercase, no spaces or \\/*?\"<>|,#:");
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** The {@code Authorization} header value, or null. */
    public String authorization() {
        if (present(apiKey)) {
            return "ApiKey " + apiKey.trim();
        }
        if (present(bearerToken)) {
            return "Bearer " + bearerToken.trim();
        }
        if (present(username)) {
            String pair = username + ":" + (password == null ? "" : password);
            return "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return null;
    }

    /** The target for messages: {@code data stream logs-x-default} or {@code index app-%d{...}}. */
    public String target() {
        return dataStream != null ? "data stream " + dataStream : "index " + index;
    }

    @Override
    public String toString() {
        String auth = present(apiKey) ? "apiKey=****" : present(bearerToken) ? "bearerToken=****"
                : present(username) ? "username=" + username + ", password=****" : "no auth";
        return "ElasticsearchConfig[urls=" + urls + ", " + target() + ", " + auth
                + (tls.isDefault() ? "" : ", " + tls) + (bootstrapTemplate ? ", bootstrapTemplate" : "")
                + (documentIds ? "" : ", no document ids") + "]";
    }
}
