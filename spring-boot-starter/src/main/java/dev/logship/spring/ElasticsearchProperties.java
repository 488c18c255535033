package dev.logship.spring;

import java.time.Duration;
import java.util.Map;

/** {@code logship.elasticsearch.*}: ship to Elasticsearch or OpenSearch with the {@code _bulk} API. */
public class ElasticsearchProperties extends TlsProperties {
    /** Node URLs, comma-separated (http:// or https://); used round-robin, a node that fails is skipped for 5 s. */
    private String url;
    /** Data stream to write to with create operations; defaults to logs-<service-name>-default. */
    private String dataStream;
    /** An index instead of a data stream, optionally dated (app-%d{yyyy.MM.dd}, UTC), written with index operations. */
    private String index;
    /** User name for basic authentication. */
    private String username;
    /** Password for basic authentication; never printed. */
    private String password;
    /** API key, the encoded value as Elasticsearch returns it (sent as "Authorization: ApiKey ..."). */
    private String apiKey;
    /** Bearer token (sent as "Authorization: Bearer ..."). */
    private String bearerToken;
    /** Whether to create an index template logship-<target> on start, unless one of that name exists: the data stream (or dated indices) with ECS types and keyword labels.*; a refusal is reported with the privilege to grant. */
    private boolean bootstrapTemplate = false;
    /** Whether each event's id is the document _id, so that a resent batch is never indexed twice; false lets the cluster assign ids (a little faster, duplicates possible after a retry). */
    private boolean documentIds = true;
    /** With bootstrap-template: a lifecycle policy that deletes data older than this (30d), rolling a data stream over daily (a dated index goes once its newest event is this old; refused for an index name without a date): ILM on Elasticsearch, ISM on OpenSearch. */
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
