package dev.logship.graylog;

import org.graylog2.plugin.Message;
import org.graylog2.plugin.inputs.failure.InputProcessingException;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Proves the harness: hand-written GELF through Graylog's real transports and codec. */
class GraylogInputSelfTest {

    private static final DateTime TIMESTAMP = new DateTime(1_700_000_000_125L, DateTimeZone.UTC);
    private static HttpClient http;
    private static GraylogCodec codec;

    @BeforeAll
    static void setUp() {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        codec = new GraylogCodec();
    }

    @AfterAll
    static void tearDown() {
        codec.close();
    }

    // ---------------------------------------------------------------- transports

    @Test
    void httpPlainSingleMessage() throws Exception {
        try (GraylogInput input = GraylogInput.http()) {
            HttpResponse<String> response = post(input, Gelf.utf8(Gelf.message("hello http", 1)), null);
            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.body()).isEmpty();
            awaitMessages(input, 1);
            assertStandardMessage(input.messages().get(0), "hello http", 1);
        }
    }

    @Test
    void httpGzipContentEncoding() throws Exception {
        try (GraylogInput input = GraylogInput.http()) {
            byte[] body = Gelf.gzip(Gelf.utf8(Gelf.message("hello gzip http", 2)));
            assertThat(post(input, body, "gzip").statusCode()).isEqualTo(202);
            // Without Content-Encoding the gzip magic is detected by the codec instead.
            assertThat(post(input, Gelf.gzip(Gelf.utf8(Gelf.message("gzip no header", 3))), null).statusCode())
                    .isEqualTo(202);
            awaitMessages(input, 2);
            assertThat(input.messages()).extracting(Message::getMessage)
                    .containsExactlyInAnyOrder("hello gzip http", "gzip no header");
            assertStandardMessage(find(input, "hello gzip http"), "hello gzip http", 2);
        }
    }

    @Test
    void httpNdjsonNeedsBulkReceiving() throws Exception {
        String ndjson = Gelf.message("first", 1) + "\n" + Gelf.message("second", 2) + "\n";
        try (GraylogInput single = GraylogInput.http(); GraylogInput bulk = GraylogInput.http(true)) {
            assertThat(post(single, Gelf.utf8(ndjson), null).statusCode()).isEqualTo(202);
            assertThat(post(bulk, Gelf.utf8(ndjson), null).statusCode()).isEqualTo(202);
            awaitMessages(bulk, 2);
            assertThat(bulk.messages()).extracting(Message::getMessage).containsExactly("first", "second");
            awaitMessages(single, 1);
            // Without enable_bulk_receiving the whole body is one raw message; the JSON parser reads the
            // first object and ignores the rest, so "second" is silently lost.
            assertThat(single.rawMessages()).hasSize(1);
            assertThat(single.messages()).extracting(Message::getMessage).containsExactly("first");
        }
    }

    @Test
    void httpInvalidGelfStillGets202() throws Exception {
        try (GraylogInput input = GraylogInput.http()) {
            assertThat(post(input, Gelf.utf8("{\"host\":\"h\"}"), null).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(5)).until(() -> input.rejectedCount() == 1);
            assertThat(input.messages()).isEmpty();
            assertThat(input.rejections().get(0)).contains("short_message");
        }
    }

    @Test
    void tcpNulDelimitedTwoMessagesInOneWrite() throws Exception {
        try (GraylogInput input = GraylogInput.tcp(); Socket socket = new Socket(input.host(), input.port())) {
            String both = Gelf.message("tcp one", 1) + "\0" + Gelf.message("tcp two", 2) + "\0";
            OutputStream out = socket.getOutputStream();
            out.write(Gelf.utf8(both));
            out.flush();
            awaitMessages(input, 2);
            assertThat(input.messages()).extracting(Message::getMessage).containsExactly("tcp one", "tcp two");
            assertStandardMessage(input.messages().get(1), "tcp two", 2);
        }
    }

    @Test
    void tcpWithTls() throws Exception {
        try (GraylogInput input = GraylogInput.tcpTls()) {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(input.host(), input.port())) {
                socket.startHandshake();
                socket.getOutputStream().write(Gelf.utf8(Gelf.message("tcp tls", 7) + "\0"));
                socket.getOutputStream().flush();
                awaitMessages(input, 1);
            }
            assertStandardMessage(input.messages().get(0), "tcp tls", 7);
        }
    }

    @Test
    void udpUnchunkedGzip() throws Exception {
        try (GraylogInput input = GraylogInput.udp(); DatagramSocket socket = new DatagramSocket()) {
            send(socket, input, Gelf.gzip(Gelf.utf8(Gelf.message("udp gzip", 4))));
            awaitMessages(input, 1);
            assertStandardMessage(input.messages().get(0), "udp gzip", 4);
        }
    }

    @Test
    void udpChunkedZlib() throws Exception {
        try (GraylogInput input = GraylogInput.udp(); DatagramSocket socket = new DatagramSocket()) {
            byte[] zlib = Gelf.zlib(Gelf.utf8(Gelf.message("udp chunked zlib", 5)));
            List<byte[]> chunks = Gelf.chunks(zlib, 0x0102030405060708L, 3);
            assertThat(chunks).hasSize(3);
            // Out of order on purpose: the aggregator orders by sequence number.
            send(socket, input, chunks.get(2));
            send(socket, input, chunks.get(0));
            send(socket, input, chunks.get(1));
            awaitMessages(input, 1);
            assertThat(input.rawMessages()).hasSize(1); // reassembled before reaching the input
            assertStandardMessage(input.messages().get(0), "udp chunked zlib", 5);
        }
    }

    // ---------------------------------------------------------------- codec only

    @Test
    void codecDecodesPlainGzipZlibAndChunks() {
        byte[] json = Gelf.utf8(Gelf.message("codec", 9));
        assertStandardMessage(codec.decode(json).orElseThrow(), "codec", 9);
        assertStandardMessage(codec.decode(Gelf.gzip(json)).orElseThrow(), "codec", 9);
        assertStandardMessage(codec.decode(Gelf.zlib(json)).orElseThrow(), "codec", 9);
        assertStandardMessage(codec.decodeChunks(Gelf.chunks(Gelf.zlib(json), 42L, 3)).orElseThrow(), "codec", 9);
        assertStandardMessage(codec.decodeChunks(List.of(json)).orElseThrow(), "codec", 9);
    }

    @Test
    void codecRejectsBlankShortMessage() {
        byte[] blank = Gelf.utf8("{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"  \",\"timestamp\":1700000000}");
        assertThat(codec.decode(blank)).isEmpty();
        // decodeSafe does not return empty here: it throws.
        assertThatThrownBy(() -> codec.decodeOrThrow(blank))
                .isInstanceOf(InputProcessingException.class)
                .hasMessageContaining("has empty mandatory \"short_message\" field");
    }

    @Test
    void codecBlankShortMessageWithMessageIsAcceptedButTextIsLost() {
        // Accepted because "message" is not blank, yet the stored message is the (trimmed) short_message.
        Message m = codec.decodeOrThrow(Gelf.utf8(
                "{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"  \",\"message\":\"m\",\"timestamp\":1}"));
        assertThat(m.getMessage()).isEmpty();
    }

    @Test
    void codecRejectsInvalidJsonAndBadHost() {
        assertThatThrownBy(() -> codec.decodeOrThrow(Gelf.utf8("not json")))
                .isInstanceOf(InputProcessingException.class).hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> codec.decodeOrThrow(Gelf.utf8("{\"host\":\" \",\"short_message\":\"x\"}")))
                .isInstanceOf(InputProcessingException.class).hasMessageContaining("empty mandatory \"host\"");
        assertThatThrownBy(() -> codec.decodeOrThrow(Gelf.utf8("{\"host\":5,\"short_message\":\"x\"}")))
                .isInstanceOf(InputProcessingException.class).hasMessageContaining("invalid \"host\"");
        // "version" is not checked.
        assertThat(codec.decode(Gelf.utf8("{\"host\":\"h\",\"short_message\":\"x\"}"))).isPresent();
    }

    @Test
    void codecAdditionalFieldRules() {
        Message m = codec.decodeOrThrow(Gelf.utf8("{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"x\","
                + "\"timestamp\":\"1700000000.5\",\"level\":2,"
                + "\"_id\":\"abc\",\"__id\":\"d\",\"_message\":\"mm\",\"_level\":9,\"_flag\":true,\"_nil\":null,"
                + "\"_obj\":{\"a\":1,\"b\":[1,2]},\"_arr\":[\"p\",\"q\"],\"_d\":1.5,\"_n\":7,\"_s\":\"str\","
                + "\"plain\":\"no underscore\",\"_a.b@c-d\":1,\"_x y\":3,\"_\u00fc\":4}"));
        // "_id" is NOT skipped: the underscore is stripped and it lands in field "id";
        // "__id" (-> reserved "_id") is skipped and the message keeps Graylog's own UUID.
        assertThat(m.getField("id")).isEqualTo("abc");
        assertThat(m.getId()).isNotEqualTo("d").matches("[0-9a-f-]{36}");
        // Fields already set by the standard GELF keys win over additional fields of the same name.
        assertThat(m.getMessage()).isEqualTo("x");
        assertThat(m.getField("level")).isEqualTo(2);
        // Booleans and nulls are dropped; containers become their JSON text; numbers keep Long/Double.
        assertThat(m.hasField("flag")).isFalse();
        assertThat(m.hasField("nil")).isFalse();
        assertThat(m.getField("obj")).isEqualTo("{\"a\":1,\"b\":[1,2]}");
        assertThat(m.getField("arr")).isEqualTo("[\"p\",\"q\"]");
        assertThat(m.getField("d")).isEqualTo(1.5d);
        assertThat(m.getField("n")).isEqualTo(7L);
        assertThat(m.getField("s")).isEqualTo("str");
        // Keys without underscore are kept as they are; invalid key characters drop the field.
        assertThat(m.getField("plain")).isEqualTo("no underscore");
        assertThat(m.getField("a.b@c-d")).isEqualTo(1L);
        assertThat(m.getFieldNames()).doesNotContain("x y", "\u00fc");
        // A numeric string is still used as timestamp (seconds); Graylog only logs "invalid timestamp (type: STRING)".
        assertThat(m.getTimestamp()).isEqualTo(new DateTime(1_700_000_000_500L, DateTimeZone.UTC));
    }

    @Test
    void codecTimestampInMillisIsNotSanityChecked() {
        Message m = codec.decodeOrThrow(Gelf.utf8(
                "{\"host\":\"h\",\"short_message\":\"x\",\"timestamp\":1700000000123}"));
        assertThat(m.getTimestamp().getYear()).isGreaterThan(50_000);
    }

    // ---------------------------------------------------------------- helpers

    private static void assertStandardMessage(Message m, String shortMessage, int n) {
        assertThat(m.getMessage()).isEqualTo(shortMessage);
        assertThat(m.getSource()).isEqualTo("app-01");
        assertThat(m.getField("source")).isEqualTo("app-01");
        assertThat(m.getField("full_message")).isEqualTo(shortMessage + "\nat dev.logship.Example.run(Example.java:42)");
        assertThat(m.getTimestamp()).isEqualTo(TIMESTAMP);
        assertThat(m.getField("level")).isEqualTo(3);
        assertThat(m.getField("logger")).isEqualTo("dev.logship.Example");
        assertThat(m.getField("n")).isEqualTo((long) n);
        assertThat(m.hasField("version")).isFalse();
        assertThat(m.hasField("host")).isFalse();
    }

    private static Message find(GraylogInput input, String shortMessage) {
        return input.messages().stream().filter(m -> shortMessage.equals(m.getMessage())).findFirst().orElseThrow();
    }

    private static void awaitMessages(GraylogInput input, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> input.messages().size() >= count);
    }

    private static HttpResponse<String> post(GraylogInput input, byte[] body, String contentEncoding)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://" + input.host() + ":" + input.port() + "/gelf"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentEncoding != null) {
            request.header("Content-Encoding", contentEncoding);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void send(DatagramSocket socket, GraylogInput input, byte[] datagram) throws Exception {
        socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getByName(input.host()), input.port()));
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
