package dev.logship.spring;

/** TLS settings shared by both sinks: {@code logship.elasticsearch.*} and {@code logship.graylog.*}. */
public class TlsProperties {
    /** PEM file with the CA certificate(s) that sign the server's certificate; defaults to the JVM's trusted CAs. */
    private String caCertificate;
    /** Trust store (PKCS12 or JKS) with the CA certificates to trust, instead of a PEM file. */
    private String trustStore;
    /** Password of the trust store. */
    private String trustStorePassword;
    /** Key store (PKCS12 or JKS) with the client certificate and key, for mutual TLS. */
    private String keyStore;
    /** Password of the key store and its key. */
    private String keyStorePassword;
    /** Whether the server's certificate must name the host connected to; turn off only for testing. */
    private boolean verifyHostname = true;

    public String getCaCertificate() { return caCertificate; }
    public void setCaCertificate(String caCertificate) { this.caCertificate = caCertificate; }
    public String getTrustStore() { return trustStore; }
    public void setTrustStore(String trustStore) { this.trustStore = trustStore; }
    public String getTrustStorePassword() { return trustStorePassword; }
    public void setTrustStorePassword(String trustStorePassword) { this.trustStorePassword = trustStorePassword; }
    public String getKeyStore() { return keyStore; }
    public void setKeyStore(String keyStore) { this.keyStore = keyStore; }
    public String getKeyStorePassword() { return keyStorePassword; }
    public void setKeyStorePassword(String keyStorePassword) { this.keyStorePassword = keyStorePassword; }
    public boolean isVerifyHostname() { return verifyHostname; }
    public void setVerifyHostname(boolean verifyHostname) { this.verifyHostname = verifyHostname; }

    void putTls(java.util.Map<String, String> options, String prefix) {
        options.put(prefix + ".caCertificate", caCertificate);
        options.put(prefix + ".trustStore", trustStore);
        options.put(prefix + ".trustStorePassword", trustStorePassword);
        options.put(prefix + ".keyStore", keyStore);
        options.put(prefix + ".keyStorePassword", keyStorePassword);
        options.put(prefix + ".verifyHostname", String.valueOf(verifyHostname));
    }
}
