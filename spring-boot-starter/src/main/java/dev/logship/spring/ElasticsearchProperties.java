package dev.logship.spring;

import java.time.Duration;
import java.util.Map;

/** {@code logship.elasticsearch.*}: ship to Elasticsearch or OpenSearch with the {@code _bulk} API. */
public class ElasticsearchProperties extends TlsProperties {
    /** Node URLs, comma-separated (http:// or https://); requests go round-robin, skipping failed nodes for a while. */
    private String url;
    /** Data stream to write to with create operations; defaults to logs-<service-name>-default. */
    private String dataStream;
    /** Index name with an optional date pattern, written with index operations, instead of a data stream (app-%d{yyyy.MM.dd}). */
    private String index;
    /** User name for basic authentication. */
    private String username;
    /** Password for basic authentication. */
    private String password;
    /** API key, the encoded value as Elasticsearch returns it (sent as "Authorization: ApiKey ..."). */
    private String apiKey;
    /** Bearer token (sent as "Authorization: Bearer ..."). */
    private String bearerToken;
    /** Whether to create the index template (and lifecycle policy when retention is set) on start. */
    private boolean bootstrapTemplate = false;
    /** Whether each event's id is the document _id, so that a retried or replayed batch is never indexed twice. */
    private boolean documentIds = true;
    /** With bootstrap-template: how long the lifecycle policy keeps the logs (ILM on Elasticsearch, ISM on OpenSearch). */
    private Duration retention;

    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public String getDataStream() { return dataStream; }
    public void setDataStream(String dataStream) { this.dataStream = dataStream; }
    public String getIndex() { return index; }
    public void setIndex(String index) { this.index = index; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public String getApiKey() { return apiKey; }
    public void setApiKey(String apiKey) { this.apiKey = apiKey; }
    public String getBearerToken() { return bearerToken; }
    public void setBearerToken(String bearerToken) { this.bearerToken = bearerToken; }
    public boolean isBootstrapTemplate() { return bootstrapTemplate; }
    public void setBootstrapTemplate(boolean bootstrapTemplate) { this.bootstrapTemplate = bootstrapTemplate; }
    public boolean isDocumentIds() { return documentIds; }
    public void setDocumentIds(boolean documentIds) { this.documentIds = documentIds; }
    public Duration getRetention() { return retention; }
    public void setRetention(Duration retention) { this.retention = retention; }

    void putOptions(Map<String, String> o) {
        o.put("elasticsearch.url", url == null ? "" : url);
        o.put("elasticsearch.dataStream", dataStream);
        o.put("elasticsearch.index", index);
        o.put("elasticsearch.username", username);
        o.put("elasticsearch.password", password);
        o.put("elasticsearch.apiKey", apiKey);
        o.put("elasticsearch.bearerToken", bearerToken);
        o.put("elasticsearch.bootstrapTemplate", String.valueOf(bootstrapTemplate));
        o.put("elasticsearch.documentIds", String.valueOf(documentIds));
        o.put("elasticsearch.retention", LogshipOptions.duration(retention));
        putTls(o, "elasticsearch");
    }
}
