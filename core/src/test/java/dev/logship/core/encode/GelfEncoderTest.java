package dev.logship.core.encode;

import static dev.logship.core.encode.Encoding.FIRST_ID_OF_ONE;
import static dev.logship.core.encode.Encoding.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import dev.logship.core.event.Level;
import dev.logship.core.event.SimpleLogEvent;
import dev.logship.core.testkit.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class GelfEncoderTest {
    private static final Instant AT = Instant.parse("2025-11-26T11:04:38.123456789Z");
    private static final Set<String> STANDARD = Set.of("version", "host", "short_message", "full_message",
            "timestamp", "level");
    private static final Pattern ADDITIONAL = Pattern.compile("^_[\\w.\\-]*$");

    private static GelfEncoder encoder() {
        return new GelfEncoder(new EncoderSettings("checkout", "web-1", Map.of(), null, 0));
    }

    private static GelfEncoder encoder(Map<String, String> statics) {
        return new GelfEncoder(new EncoderSettings("checkout", "web-1", statics, null, 0));
    }

    private static SimpleLogEvent.Builder event() {
        return SimpleLogEvent.builder().timestamp(AT).level(Level.INFO).logger("com.shop.Checkout")
                .thread("http-nio-1").message("order placed");
    }

    /** Every field that is not a GELF standard one is an additional field with a valid name. */
    private static Map<String, Object> checkedDocument(byte[] json) {
        Map<String, Object> doc = Json.object(json);
        for (String name : doc.keySet()) {
            if (!STANDARD.contains(name)) {
                assertThat(name).as("additional field name").matches(ADDITIONAL).isNotEqualTo("_id");
            }
        }
        assertThat(doc.get("version")).isEqualTo("1.1");
        assertThat((String) doc.get("host")).isNotBlank();
        assertThat((String) doc.get("short_message")).isNotBlank();
        return doc;
    }

    private static Map<String, Object> gelf(GelfEncoder encoder, SimpleLogEvent event) {
        return checkedDocument(bytes(encoder, event, EncodeLimits.FULL));
    }

    @Test
    void writesTheGelfFields() {
        Map<String, Object> doc = gelf(encoder(), event().level(Level.WARN).build());

        assertThat(doc)
                .containsEntry("version", "1.1")
                .containsEntry("host", "web-1")
                .containsEntry("short_message", "order placed")
                .containsEntry("level", 4L)
                .containsEntry("_level_name", "WARN")
                .containsEntry("_logger", "com.shop.Checkout")
                .containsEntry("_thread", "http-nio-1")
                .containsEntry("_service", "checkout")
                .containsEntry("_event_id", FIRST_ID_OF_ONE)
                .doesNotContainKeys("full_message", "_tags", "_error_type", "_logship_truncated", "_id");
    }

    @Test
    void timestampIsANumberOfSecondsWithSixFractionDigits() {
        Map<String, Object> doc = gelf(encoder(), event().build());

        assertThat(doc.get("timestamp")).isInstanceOf(BigDecimal.class);
        BigDecimal timestamp = (BigDecimal) doc.get("timestamp");
        assertThat(timestamp.scale()).isEqualTo(6);
        assertThat(timestamp.toPlainString()).isEqualTo("1764155078.123456");
    }

    @ParameterizedTest
    @CsvSource({"0, 1764155078.000000", "999999999, 1764155078.999999", "1000, 1764155078.000001"})
    void timestampKeepsSixDigitsAtTheEdges(int nanos, String expected) {
        Map<String, Object> doc = gelf(encoder(), event().timestamp(Instant.ofEpochSecond(1764155078L, nanos)).build());

        assertThat(((BigDecimal) doc.get("timestamp")).toPlainString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"TRACE, 7", "DEBUG, 7", "INFO, 6", "WARN, 4", "ERROR, 3", "FATAL, 2"})
    void levelIsTheSyslogSeverity(Level level, long syslog) {
        assertThat(gelf(encoder(), event().level(level).build())).containsEntry("level", syslog);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "   ", "\t\n", "\u2003"})
    void shortMessageIsNeverBlank(String message) {
        Map<String, Object> doc = gelf(encoder(), event().message(message).build());

        assertThat(doc).containsEntry("short_message", GelfEncoder.EMPTY_MESSAGE);
        assertThat(GelfEncoder.EMPTY_MESSAGE).isNotBlank();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void hostIsNeverBlank(String host) {
        GelfEncoder encoder = new GelfEncoder(new EncoderSettings(null, host, Map.of(), null, 0));

        Map<String, Object> doc = gelf(encoder, event().build());

        assertThat(doc).containsEntry("host", "unknown-host").doesNotContainKey("_service");
    }

    @Test
    void fullMessageHoldsTheMessageAndTheStackTrace() {
        RuntimeException thrown = Throwables.withCauseAndSuppressed();

        Map<String, Object> doc = gelf(encoder(), event().level(Level.ERROR).throwable(thrown).build());

        assertThat(doc).containsEntry("short_message", "order placed")
                .containsEntry("_error_type", "java.lang.RuntimeException")
                .containsEntry("_error_message", "outer failure");
        String trace = (String) doc.get("_error_stack_trace");
        assertThat(trace).startsWith("java.lang.RuntimeException: outer failure\n")
                .contains("Caused by: java.lang.IllegalStateException: root cause")
                .contains("\tSuppressed: java.io.UncheckedIOException: cleanup failed");
        assertThat(doc).containsEntry("full_message", "order placed\n" + trace);
    }

    @Test
    void fullMessageWithANullMessageIsTheStackTrace() {
        Map<String, Object> doc = gelf(encoder(), event().message(null).throwable(new IllegalStateException("x")).build());

        assertThat(doc).containsEntry("short_message", GelfEncoder.EMPTY_MESSAGE);
        assertThat((String) doc.get("full_message")).startsWith("\njava.lang.IllegalStateException: x\n\tat ");
    }

    @Test
    void staticFieldsMdcAndKeyValuesAreAdditionalFields() {
        Map<String, String> statics = new LinkedHashMap<>();
        statics.put("environment", "prod");
        statics.put("region", "eu-1");

        Map<String, Object> doc = gelf(encoder(statics), event().mdc("user", "alice").mdc("region", "us-2")
                .keyValue("count", 42).keyValue("ratio", 0.5).keyValue("ok", true).keyValue("failed", false)
                .keyValue("name", "bob").keyValue("user", "kv loses to mdc").build());

        assertThat(doc)
                .containsEntry("_environment", "prod")
                .containsEntry("_region", "us-2")
                .containsEntry("_user", "alice")
                .containsEntry("_count", 42L)
                .containsEntry("_ratio", new BigDecimal("0.5"))
                .containsEntry("_ok", "true")
                .containsEntry("_failed", "false")
                .containsEntry("_name", "bob");
    }

    @Test
    void idAndForbiddenCharactersAreRenamed() {
        Map<String, Object> doc = gelf(encoder(Map.of("id", "static id")), event().mdc("id", "mdc id")
                .mdc("bad key!", "bad").mdc("ключ", "cyrillic").mdc("", "empty").mdc("a/b", "slash").build());

        assertThat(doc)
                .containsEntry("_id_", "mdc id")
                .containsEntry("_bad_key_", "bad")
                .containsEntry("_____", "cyrillic")
                .containsEntry("__", "empty")
                .containsEntry("_a_b", "slash")
                .doesNotContainKey("_id");
    }

    @Test
    void keyValueNamedIdIsRenamedToo() {
        Map<String, Object> doc = gelf(encoder(), event().keyValue("id", 7).build());

        assertThat(doc).containsEntry("_id_", 7L).doesNotContainKey("_id");
    }

    @Test
    void keysThatCollideWithLogshipFieldsGetATrailingUnderscore() {
        Map<String, Object> doc = gelf(encoder(), event().mdc("logger", "mdc logger").keyValue("thread", "kv thread")
                .keyValue("event_id", "kv id").tag("audit").keyValue("tags", "kv tags").build());

        assertThat(doc)
                .containsEntry("_logger", "com.shop.Checkout").containsEntry("_logger_", "mdc logger")
                .containsEntry("_thread", "http-nio-1").containsEntry("_thread_", "kv thread")
                .containsEntry("_event_id", FIRST_ID_OF_ONE).containsEntry("_event_id_", "kv id")
                .containsEntry("_tags", "audit").containsEntry("_tags_", "kv tags");
    }

    @Test
    void nullThreadIsLeftOut() {
        Map<String, Object> doc = gelf(encoder(), event().thread(null).build());

        assertThat(doc).doesNotContainKey("_thread").containsEntry("_logger", "com.shop.Checkout");
    }

    @Test
    void tagsAreCommaSeparated() {
        assertThat(gelf(encoder(), event().tag("audit").tag("security").build())).containsEntry("_tags", "audit,security");
    }

    @Test
    void marksATruncatedEvent() {
        Map<String, Object> doc = checkedDocument(bytes(encoder(), event().message("y".repeat(5000)).build(),
                EncodeLimits.truncated(4096)));

        assertThat(doc).containsEntry("_logship_truncated", "true").containsEntry("short_message", "y".repeat(1024));
    }

    // ---- hostile input -------------------------------------------------------------------------

    @Test
    void writesAFiveMegabyteMessageWhole() {
        String message = "0123456789abcdef".repeat(5 * 1024 * 1024 / 16);

        Map<String, Object> doc = gelf(encoder(), event().message(message).build());

        assertThat((String) doc.get("short_message")).hasSize(5 * 1024 * 1024);
    }

    @Test
    void unpairedSurrogatesStillMakeValidJson() {
        String bad = "high \uD800 alone, low \uDC00 alone, end \uD83D";
        SimpleLogEvent e = event().message(bad).logger("l\uD800").thread("\uDC00t").mdc("k\uD800", "v\uDC00")
                .keyValue("kv", "v\uD800").tag("t\uDFFF").throwable(new IllegalStateException(bad)).build();

        for (JsonFactory factory : List.of(Encoding.PLAIN, Encoding.PRODUCTION)) {
            Map<String, Object> doc = checkedDocument(bytes(factory, encoder(), e, EncodeLimits.FULL));

            assertThat(doc).containsEntry("short_message", bad).containsEntry("_error_message", bad);
        }
    }

    @Test
    void escapesNulAndControlCharacters() {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        String text = "x" + controls;
        SimpleLogEvent e = event().message(text).thread("t\u0000").mdc("k", "\u0000\u0001").tag("\u001f")
                .throwable(new RuntimeException(text)).build();

        byte[] json = bytes(encoder(), e, EncodeLimits.FULL);

        assertThat(Encoding.firstControlByte(json)).isEqualTo(-1);
        assertThat(checkedDocument(json)).containsEntry("short_message", text).containsEntry("_k", "\u0000\u0001");
    }

    @Test
    void aCyclicCauseChainTerminates() {
        Map<String, Object> doc = gelf(encoder(), event().throwable(Throwables.cyclic()).build());

        assertThat((String) doc.get("_error_stack_trace")).contains("[CIRCULAR REFERENCE: java.lang.RuntimeException: a]");
        assertThat((String) doc.get("full_message")).contains("CIRCULAR REFERENCE");
    }

    @Test
    void aThrowableWhoseGetMessageThrowsIsStillWritten() {
        RuntimeException thrown = Throwables.messageThrows();

        Map<String, Object> doc = gelf(encoder(), event().throwable(thrown).build());

        assertThat(doc).containsEntry("_error_type", thrown.getClass().getName());
        assertThat((String) doc.get("_error_message")).contains("getMessage() threw");
    }

    @Test
    void aKeyValueWhoseToStringThrowsBecomesAMarker() {
        Map<String, Object> doc = gelf(encoder(), event().keyValue("payload", Throwables.toStringThrows()).build());

        assertThat((String) doc.get("_payload")).contains(".toString() threw java.lang.UnsupportedOperationException");
    }

    @Test
    void neverWritesADuplicateKeyWhateverTheUserKeys() {
        SimpleLogEvent e = event()
                .mdc("bad key!", "mdc 1").mdc("bad_key_", "mdc 2").mdc("bad key?", "mdc 3")
                .mdc("my env", "mdc env")
                .keyValue("user id", "kv 1").keyValue("user_id", "kv 2").keyValue("bad key!", "kv 3")
                .keyValue("logger_", "kv 4").keyValue("logger", "kv 5")
                .build();

        byte[] json = bytes(encoder(Map.of("my_env", "static env")), e, EncodeLimits.FULL);

        Map<String, Object> doc = checkedDocument(json);
        assertThat(doc).containsValues("mdc 1", "mdc 2", "mdc 3", "mdc env", "static env", "kv 1", "kv 2", "kv 4", "kv 5");
        assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("kv 3");
    }
}
