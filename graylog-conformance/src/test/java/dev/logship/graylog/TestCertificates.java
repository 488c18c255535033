package dev.logship.graylog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test CA and a server certificate for {@code 127.0.0.1} that it signs, made with the JDK's keytool, in the
 * files Graylog's TCP input takes ({@code tls_cert_file}: PEM chain; {@code tls_key_file}: unencrypted PKCS#8
 * PEM) and the file logship trusts ({@code caCertificate}: the CA's PEM).
 */
final class TestCertificates {
    private static final String PASSWORD = "changeit";

    final Path caPem;
    final Path serverCertPem;
    final Path serverKeyPem;

    private TestCertificates(Path dir) {
        this.caPem = dir.resolve("ca.pem");
        this.serverCertPem = dir.resolve("server.crt.pem");
        this.serverKeyPem = dir.resolve("server.key.pem");
    }

    /** Makes the CA and the server certificate in {@code dir}. */
    static TestCertificates create(Path dir) {
        TestCertificates made = new TestCertificates(dir);
        try {
            keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname",
                    "CN=logship test CA", "-ext", "bc:c", "-validity", "3", "-keystore", "ca.p12", "-storetype",
                    "PKCS12", "-storepass", PASSWORD);
            keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD,
                    "-file", "ca.pem");
            keytool(dir, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname",
                    "CN=127.0.0.1", "-validity", "3", "-keystore", "server.p12", "-storetype", "PKCS12",
                    "-storepass", PASSWORD);
            keytool(dir, "-certreq", "-alias", "server", "-keystore", "server.p12", "-storepass", PASSWORD,
                    "-file", "server.csr");
            keytool(dir, "-gencert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD, "-infile",
                    "server.csr", "-outfile", "server.crt", "-rfc", "-ext", "SAN=ip:127.0.0.1", "-validity", "3");
            keytool(dir, "-importcert", "-alias", "ca", "-file", "ca.pem", "-keystore", "server.p12", "-storepass",
                    PASSWORD, "-noprompt");
            keytool(dir, "-importcert", "-alias", "server", "-file", "server.crt", "-keystore", "server.p12",
                    "-storepass", PASSWORD);
            KeyStore store = KeyStore.getInstance(dir.resolve("server.p12").toFile(), PASSWORD.toCharArray());
            Key key = store.getKey("server", PASSWORD.toCharArray());
            Files.writeString(made.serverKeyPem, pem("PRIVATE KEY", key.getEncoded()));
            StringBuilder chain = new StringBuilder();
            for (Certificate c : store.getCertificateChain("server")) {
                chain.append(pem("CERTIFICATE", c.getEncoded()));
            }
            Files.writeString(made.serverCertPem, chain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the test certificates", e);
        }
        return made;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
        }
    }
}
