package dev.logship.logback;


/**
 * The TLS settings a sink element ({@code <elasticsearch>}, {@code <graylog>}) shares: whom to trust
 * and which client certificate to present. Passwords are never printed.
 */
public abstract class TlsElement {
    private String caCertificate;
    private String trustStore;
    private String trustStorePassword;
    private String keyStore;
    private String keyStorePassword;
    private String verifyHostname;

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

    /** Puts the TLS settings under their public names, {@code <element>.caCertificate} and so on. */
    void putTls(java.util.Map<String, String> options, String element) {
        options.put(element + ".caCertificate", caCertificate);
        options.put(element + ".trustStore", trustStore);
        options.put(element + ".trustStorePassword", trustStorePassword);
        options.put(element + ".keyStore", keyStore);
        options.put(element + ".keyStorePassword", keyStorePassword);
        options.put(element + ".verifyHostname", verifyHostname);
    }
}
