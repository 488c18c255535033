package dev.logship.core.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsServer;
import dev.logship.core.config.ConfigProblems;
import dev.logship.core.testkit.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
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
    private static final String PASSWORD = TestCertificates.PASSWORD;

    @TempDir
    static Path dir;

    private HttpsServer server;
    private HttpSender sender;

    @BeforeAll
    static void makeCertificates() throws Exception {
        TestCertificates.make(dir);
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
        server = TestCertificates.https(dir, keyStore, needClientAuth, exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"errors\":false}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
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
