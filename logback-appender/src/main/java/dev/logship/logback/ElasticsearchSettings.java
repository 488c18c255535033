package dev.logship.logback;

/**
 * The {@code <elasticsearch>} element: where to ship (Elasticsearch or OpenSearch).
 *
 * <pre>{@code
 * <elasticsearch>
 *   <url>http://es1:9200,http://es2:9200</url>
 *   <dataStream>logs-checkout-default</dataStream>   <!-- or <index>app-%d{yyyy.MM.dd}</index> -->
 *   <apiKey>${ES_API_KEY}</apiKey>                   <!-- or <username>/<password>, <bearerToken> -->
 * </elasticsearch>
 * }</pre>
 */
public class ElasticsearchSettings extends TlsElement {
    private String url;
    private String dataStream;
    private String index;
    private String username;
    private String password;
    private String apiKey;
    private String bearerToken;
    private String bootstrapTemplate;
    private String documentIds;
    private String retention;

    /** One or more base URLs, comma separated. */
    public void setUrl(String url) { this.url = url; }
    /** The data stream to create documents in (default {@code logs-<serviceName>-default}). */
    public void setDataStream(String dataStream) { this.dataStream = dataStream; }
    /** An index name instead of a data stream, optionally dated: {@code app-%d{yyyy.MM.dd}}. */
    public void setIndex(String index) { this.index = index; }
    public void setUsername(String username) { this.username = username; }
    public void setPassword(String password) { this.password = password; }
    /** The encoded API key as Elasticsearch returns it. */
    public void setApiKey(String apiKey) { this.apiKey = apiKey; }
    public void setBearerToken(String bearerToken) { this.bearerToken = bearerToken; }
    /** {@code true}: create an index template for the target on start, unless one exists (default false). */
    public void setBootstrapTemplate(String bootstrapTemplate) { this.bootstrapTemplate = bootstrapTemplate; }
    /** {@code false}: let the cluster assign document ids (faster; a resent batch may then index twice). */
    public void setDocumentIds(String documentIds) { this.documentIds = documentIds; }
    /** With bootstrapTemplate: delete data older than this ({@code 30d}) by an ILM / ISM policy, where available. */
    public void setRetention(String retention) { this.retention = retention; }

    String url() { return url; }
    String dataStream() { return dataStream; }
    String index() { return index; }
    String username() { return username; }
    String password() { return password; }
    String apiKey() { return apiKey; }
    String bearerToken() { return bearerToken; }
    String bootstrapTemplate() { return bootstrapTemplate; }
    String documentIds() { return documentIds; }
    String retention() { return retention; }
}
