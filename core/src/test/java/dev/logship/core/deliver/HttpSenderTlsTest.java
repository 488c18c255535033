package dev.logship.core.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.logship.core.config.ConfigProblems;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.core5.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS against local HTTPS servers whose certificates a test CA signs (made with the JDK's keytool):
 * the JVM's trust store refuses them, the right CA is trusted, a certificate for another host is
 * refused unless hostname verification is off, and a client certificate is presented for mutual TLS.
 */
class HttpSenderTlsTest {
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private HttpsServer server;
    private HttpSender sender;

    @BeforeAll
    static void makeCertificates() throws Exception {
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=logship test CA",
                "-ext", "bc:c", "-validity", "3", "-keystore", "ca.p12", "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD, "-file", "ca.pem");
        signed("server", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
        signed("wrong", "CN=wrong.example", "SAN=dns:wrong.example");
        signed("client", "CN=logship client", "EKU=clientAuth");
    }

    /** A key store {@code <name>.p12} holding a key pair whose certificate the test CA signed. */
    private static void signed(String name, String dn, String extension) throws Exception {
        String store = name + ".p12";
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", dn, "-validity", "3",
                "-keystore", store, "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-certreq", "-alias", name, "-keystore", store, "-storepass", PASSWORD, "-file", name + ".csr");
        keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD, "-infile", name + ".csr",
                "-outfile", name + ".crt", "-rfc", "-ext", extension, "-validity", "3");
        keytool("-importcert", "-alias", "ca", "-file", "ca.pem", "-keystore", store, "-storepass", PASSWORD, "-noprompt");
        keytool("-importcert", "-alias", name, "-file", name + ".crt", "-keystore", store, "-storepass", PASSWORD);
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }

    @AfterEach
    void stop() {
        if (sender != null) {
            sender.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve(String keyStore, boolean needClientAuth) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(KeyStore.getInstance(dir.resolve(keyStore).toFile(), PASSWORD.toCharArray()), PASSWORD.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(KeyStore.getInstance(dir.resolve("ca.p12").toFile(), PASSWORD.toCharArray()));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                javax.net.ssl.SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(ssl);
            }
        });
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"errors\":false}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    private HttpReply post(String url, TlsSettings tls) throws IOException {
        ConfigProblems problems = new ConfigProblems();
        SSLContext context = tls.sslContext("elasticsearch", problems);
        assertThat(problems.all()).isEmpty();
        sender = new HttpSender(Duration.ofSeconds(5), Duration.ofSeconds(5), 2, Map.of(), context, tls.verifyHostname());
        byte[] body = "{}\n".getBytes(StandardCharsets.UTF_8);
        return sender.post(URI.create(url + "/_bulk"), body, body.length, ContentType.APPLICATION_JSON, null);
    }

    private static TlsSettings trustingTheCa() {
        return new TlsSettings(dir.resolve("ca.pem"), null, null, null, null, true);
    }

    @Test
    void theJvmTrustStoreRefusesAnUnknownCa() throws Exception {
        String url = serve("server.p12", false);

        assertThatThrownBy(() -> post(url, TlsSettings.DEFAULT)).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aPemCaIsTrusted() throws Exception {
        String url = serve("server.p12", false);

        assertThat(post(url, trustingTheCa()).status()).isEqualTo(200);
    }

    @Test
    void aTrustStoreIsTrusted() throws Exception {
        String url = serve("server.p12", false);

        assertThat(post(url, new TlsSettings(null, dir.resolve("ca.p12"), PASSWORD, null, null, true)).status())
                .isEqualTo(200);
    }

    @Test
    void aCertificateForAnotherHostIsRefusedByDefault() throws Exception {
        String url = serve("wrong.p12", false);

        assertThatThrownBy(() -> post(url, trustingTheCa())).isInstanceOf(javax.net.ssl.SSLException.class)
                .hasMessageContaining("127.0.0.1");
    }

    @Test
    void hostnameVerificationCanBeTurnedOff() throws Exception {
        String url = serve("wrong.p12", false);

        assertThat(post(url, new TlsSettings(dir.resolve("ca.pem"), null, null, null, null, false)).status())
                .isEqualTo(200);
    }

    @Test
    void mutualTlsPresentsTheClientCertificate() throws Exception {
        String url = serve("server.p12", true);

        assertThat(post(url, new TlsSettings(dir.resolve("ca.pem"), null, null, dir.resolve("client.p12"), PASSWORD,
                true)).status()).isEqualTo(200);
    }

    @Test
    void withoutAClientCertificateMutualTlsFails() throws Exception {
        String url = serve("server.p12", true);

        assertThatThrownBy(() -> post(url, trustingTheCa())).isInstanceOf(IOException.class);
    }

    @Test
    void badFilesAreNamedProblemsAndPasswordsNeverPrinted() throws Exception {
        Files.writeString(dir.resolve("not.pem"), "hello");
        ConfigProblems problems = new ConfigProblems();
        TlsSettings bad = new TlsSettings(dir.resolve("not.pem"), null, null, dir.resolve("client.p12"), "wrong-secret",
                true);

        assertThat(bad.sslContext("elasticsearch", problems)).isNull();
        assertThat(problems.all()).anySatisfy(p -> assertThat(p).contains("'elasticsearch.caCertificate'"));
        assertThat(problems.all()).anySatisfy(p -> assertThat(p).contains("'elasticsearch.keyStore'"));
        assertThat(String.join("\n", problems.all()) + bad).doesNotContain("wrong-secret");
        assertThat(bad.toString()).contains("keyStorePassword=****");
    }
}
