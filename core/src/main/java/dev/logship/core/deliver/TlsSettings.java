package dev.logship.core.deliver;

import dev.logship.core.config.ConfigProblems;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for an HTTPS sink. By default the JVM's trust store and hostname verification apply; a custom CA
 * (PEM file with one or more certificates, or a trust store) and a client certificate for mutual TLS
 * (a PKCS#12 or JKS key store) can be given. Passwords never appear in {@link #toString()}.
 *
 * @param caCertificate      PEM file of the CA certificate(s) to trust instead of the JVM's, or null
 * @param trustStore         a trust store (PKCS#12 or JKS) to trust instead of the JVM's, or null
 * @param trustStorePassword its password, or null
 * @param keyStore           a key store holding the client certificate and key (mutual TLS), or null
 * @param keyStorePassword   its password (also the key's), or null
 * @param verifyHostname     whether the server certificate must name the host (default true)
 */
public record TlsSettings(Path caCertificate, Path trustStore, String trustStorePassword, Path keyStore,
                          String keyStorePassword, boolean verifyHostname) {

    /** The JVM's trust store, hostname verification on. */
    public static final TlsSettings DEFAULT = new TlsSettings(null, null, null, null, null, true);

    /** True when nothing differs from the JVM's defaults. */
    public boolean isDefault() {
        return caCertificate == null && trustStore == null && keyStore == null && verifyHostname;
    }

    /**
     * Builds the SSL context, or null for the JVM's default. Problems (missing or unreadable files, a wrong
     * password) are recorded under {@code <prefix>.<setting>} and give null.
     */
    public SSLContext sslContext(String prefix, ConfigProblems problems) {
        if (caCertificate == null && trustStore == null && keyStore == null) {
            return null;
        }
        try {
            TrustManagerFactory trust = null;
            if (caCertificate != null || trustStore != null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(caCertificate != null ? pemTrustStore(prefix + ".caCertificate", caCertificate, problems)
                        : load(prefix + ".trustStore", trustStore, trustStorePassword, problems));
            }
            KeyManagerFactory keys = null;
            if (keyStore != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                KeyStore store = load(prefix + ".keyStore", keyStore, keyStorePassword, problems);
                keys.init(store, password(keyStorePassword));
            }
            if (!problems.isEmpty()) {
                return null;
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | RuntimeException e) {
            problems.add(prefix + ".keyStore", "the TLS settings do not make a usable SSL context: " + e.getMessage());
            return null;
        }
    }

    private static KeyStore pemTrustStore(String setting, Path pem, ConfigProblems problems)
            throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                problems.add(setting, "'" + pem + "' holds no certificate; give a PEM file with -----BEGIN CERTIFICATE-----");
            }
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
        } catch (IOException e) {
            problems.add(setting, "cannot read '" + pem + "' (" + e.getMessage() + "); give a readable PEM file");
        } catch (GeneralSecurityException e) {
            problems.add(setting, "'" + pem + "' is not a PEM certificate file (" + e.getMessage() + ")");
        }
        return store;
    }

    private static KeyStore load(String setting, Path file, String password, ConfigProblems problems) {
        try {
            return KeyStore.getInstance(file.toFile(), password(password));
        } catch (IOException | GeneralSecurityException e) {
            problems.add(setting, "cannot open '" + file + "' (" + e.getMessage() + "); check the path, the format "
                    + "(PKCS#12 or JKS) and the password");
            return null;
        }
    }

    private static char[] password(String password) {
        return password == null ? null : password.toCharArray();
    }

    @Override
    public String toString() {
        return "TlsSettings[caCertificate=" + caCertificate + ", trustStore=" + trustStore
                + (trustStorePassword == null ? "" : ", trustStorePassword=****") + ", keyStore=" + keyStore
                + (keyStorePassword == null ? "" : ", keyStorePassword=****") + ", verifyHostname=" + verifyHostname + "]";
    }
}
