package dev.logship.logback;

import dev.logship.core.config.ConfigProblems;
import dev.logship.core.deliver.TlsSettings;

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

    /** The TLS settings, problems recorded under {@code <element>.verifyHostname} and so on. */
    TlsSettings tls(String element, ConfigProblems problems) {
        return new TlsSettings(path(caCertificate), path(trustStore), trustStorePassword, path(keyStore),
                keyStorePassword, problems.parse(element + ".verifyHostname", verifyHostname, TlsElement::bool, true));
    }

    private static java.nio.file.Path path(String text) {
        return text == null || text.isBlank() ? null : java.nio.file.Path.of(text.trim());
    }

    private static boolean bool(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (!t.equals("true") && !t.equals("false")) {
            throw new IllegalArgumentException("'" + text + "' is not true or false");
        }
        return Boolean.parseBoolean(t);
    }
}
