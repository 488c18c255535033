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
public class ElasticsearchSettings {
    private String url;
    private String dataStream;
    private String index;
    private String username;
    private String password;
    private String apiKey;
    private String bearerToken;
    private String caCertificate;
    private String trustStore;
    private String trustStorePassword;
    private String keyStore;
    private String keyStorePassword;
    private String verifyHostname;
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
    /** PEM file of the CA certificate(s) to trust instead of the JVM's trust store. */
    public void setCaCertificate(String caCertificate) { this.caCertificate = caCertificate; }
    /** A trust store (PKCS#12 or JKS) to trust instead of the JVM's. */
    public void setTrustStore(String trustStore) { this.trustStore = trustStore; }
    public void setTrustStorePassword(String trustStorePassword) { this.trustStorePassword = trustStorePassword; }
    /** A key store with the client certificate and key, for mutual TLS. */
    public void setKeyStore(String keyStore) { this.keyStore = keyStore; }
    public void setKeyStorePassword(String keyStorePassword) { this.keyStorePassword = keyStorePassword; }
    /** {@code true} (default) or {@code false}: whether the server certificate must name the host. */
    public void setVerifyHostname(String verifyHostname) { this.verifyHostname = verifyHostname; }
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
    String caCertificate() { return caCertificate; }
    String trustStore() { return trustStore; }
    String trustStorePassword() { return trustStorePassword; }
    String keyStore() { return keyStore; }
    String keyStorePassword() { return keyStorePassword; }
    String verifyHostname() { return verifyHostname; }
    String bootstrapTemplate() { return bootstrapTemplate; }
    String documentIds() { return documentIds; }
    String retention() { return retention; }
}
