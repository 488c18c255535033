package dev.logship.core.encode;

import static dev.logship.core.encode.Encoding.FIRST_ID_OF_ONE;
import static dev.logship.core.encode.Encoding.bytes;
import static dev.logship.core.encode.Encoding.document;
import static org.assertj.core.api.Assertions.assertThat;

import dev.logship.core.event.Level;
import dev.logship.core.event.SimpleLogEvent;
import dev.logship.core.testkit.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EcsEncoderTest {
    private static final Instant AT = Instant.parse("2025-11-26T11:04:38.123456789Z");

    private static EncoderSettings settings(Map<String, String> statics) {
        return new EncoderSettings("checkout", "web-1", statics, null, 0);
    }

    private static EcsEncoder encoder() {
        return new EcsEncoder(settings(Map.of()));
    }

    private static SimpleLogEvent.Builder event() {
        return SimpleLogEvent.builder().timestamp(AT).level(Level.INFO).logger("com.shop.Checkout")
                .thread("http-nio-1").message("order placed");
    }

    @Test
    void writesTheFixedEcsFields() {
        Map<String, Object> doc = document(encoder(), event().level(Level.WARN).build());

        assertThat(doc)
                .containsEntry("@timestamp", "2025-11-26T11:04:38.123456Z")
                .containsEntry("log.level", "WARN")
                .containsEntry("message", "order placed")
                .containsEntry("ecs.version", "8.11")
                .containsEntry("service.name", "checkout")
                .containsEntry("host.name", "web-1")
                .containsEntry("event.id", FIRST_ID_OF_ONE)
                .containsEntry("log.logger", "com.shop.Checkout")
                .containsEntry("process.thread.name", "http-nio-1");
        assertThat(doc).doesNotContainKeys("tags", "error.type", "error.message", "error.stack_trace",
                "logship.truncated");
        assertThat(EcsEncoder.ECS_VERSION).isEqualTo("8.11");
    }

    /** Elasticsearch maps dotted names as object paths: a leaf beside a path under it is a mapping conflict. */
    private static void assertNoPathConflicts(Map<String, Object> doc) {
        for (String name : doc.keySet()) {
            assertThat(doc.keySet()).as("a field under " + name).noneMatch(other -> other.startsWith(name + "."));
        }
    }

    @Test
    void keyValuesNamedLikeAnEcsParentOrChildAreRenamed() {
        Map<String, Object> doc = document(encoder(), event().keyValue("event", "login").keyValue("error", 1)
                .keyValue("log", true).keyValue("message.extra", "x").keyValue("event.id.sub", "y")
                .keyValue("labels", "z").mdc("user", "u").build());

        assertNoPathConflicts(doc);
        assertThat(doc).containsEntry("event_", "login").containsEntry("error_", 1L).containsEntry("log_", true)
                .containsEntry("message_extra", "x").containsEntry("event_id_sub", "y")
                .containsEntry("labels_", "z").containsEntry("labels.user", "u");
    }

    @Test
    void mdcKeysThatArePathsOfEachOtherAreRenamed() {
        Map<String, Object> doc = document(encoder(), event().mdc("a", "1").mdc("a.b", "2").build());

        assertNoPathConflicts(doc);
        assertThat(doc).containsKey("labels.a").containsValues("1", "2");
    }

    @Test
    void withAnEmptyMdcPrefixAnMdcEntryReplacesTheStaticFieldOfItsName() {
        EcsEncoder encoder = new EcsEncoder(new EncoderSettings("checkout", "web-1",
                Map.of("service.environment", "prod"), "", 0));
        Map<String, Object> doc = document(encoder, event().mdc("service.environment", "dev")
                .keyValue("service.environment", "kv").build());

        assertNoPathConflicts(doc);
        assertThat(doc).containsEntry("service.environment", "dev").containsEntry("service.environment_", "kv");
    }

    @Test
    void aStaticFieldOutsideTheMdcPrefixKeepsItsNameFromMdcAndKeyValues() {
        EcsEncoder encoder = new EcsEncoder(new EncoderSettings("checkout", "web-1",
                Map.of("service.environment", "prod"), "labels.", 0));
        Map<String, Object> doc = document(encoder, event().keyValue("service.environment", "kv").build());

        assertNoPathConflicts(doc);
        assertThat(doc).containsEntry("service.environment", "prod").containsEntry("service.environment_", "kv");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"})
    void writesEveryLevelByName(String level) {
        Map<String, Object> doc = document(encoder(), event().level(Level.valueOf(level)).build());

        assertThat(doc).containsEntry("log.level", level);
    }

    @Test
    void timestampIsUtcWithMicrosecondsAtTheEdgesOfASecond() {
        EcsEncoder encoder = encoder();

        assertThat(document(encoder, event().timestamp(Instant.parse("2025-12-31T23:59:59.999999999Z")).build()))
                .containsEntry("@timestamp", "2025-12-31T23:59:59.999999Z");
        assertThat(document(encoder, event().timestamp(Instant.parse("2026-01-01T00:00:00Z")).build()))
                .containsEntry("@timestamp", "2026-01-01T00:00:00.000000Z");
    }

    @Test
    void leavesOutServiceNameWhenNotSetAndDefaultsABlankHost() {
        EcsEncoder encoder = new EcsEncoder(new EncoderSettings(null, "  ", Map.of(), null, 0));

        Map<String, Object> doc = document(encoder, event().build());

        assertThat(doc).doesNotContainKey("service.name").containsEntry("host.name", "unknown-host");
    }

    @Test
    void nullMessageBecomesEmptyAndNullThreadIsLeftOut() {
        Map<String, Object> doc = document(encoder(), event().message(null).thread(null).build());

        assertThat(doc).containsEntry("message", "").doesNotContainKey("process.thread.name");
    }

    @Test
    void staticFieldsGoUnderLabelsUnlessTheirNameIsDotted() {
        Map<String, String> statics = new LinkedHashMap<>();
        statics.put("environment", "prod");
        statics.put("deployment.region", "eu-1");

        Map<String, Object> doc = document(new EcsEncoder(settings(statics)), event().build());

        assertThat(doc)
                .containsEntry("labels.environment", "prod")
                .containsEntry("deployment.region", "eu-1")
                .doesNotContainKeys("environment", "labels.deployment.region");
    }

    @Test
    void mdcGoesUnderTheLabelsPrefix() {
        Map<String, Object> doc = document(encoder(), event().mdc("user", "alice").mdc("request.id", "r-42").build());

        assertThat(doc)
                .containsEntry("labels.user", "alice")
                .containsEntry("labels.request.id", "r-42")
                .doesNotContainKeys("user", "request.id");
    }

    @Test
    void mdcUsesAConfiguredPrefix() {
        EcsEncoder encoder = new EcsEncoder(new EncoderSettings("s", "h", Map.of(), "mdc.", 0));

        Map<String, Object> doc = document(encoder, event().mdc("user", "alice").build());

        assertThat(doc).containsEntry("mdc.user", "alice").doesNotContainKey("labels.user");
    }

    @Test
    void mdcWinsOverAStaticFieldOfTheSameName() {
        EcsEncoder encoder = new EcsEncoder(settings(Map.of("environment", "prod", "labels.team", "payments")));

        byte[] json = bytes(encoder, event().mdc("environment", "staging").mdc("team", "search").build(),
                EncodeLimits.FULL);

        assertThat(Json.object(json))
                .containsEntry("labels.environment", "staging")
                .containsEntry("labels.team", "search");
        String text = new String(json, StandardCharsets.UTF_8);
        assertThat(text).containsOnlyOnce("\"labels.environment\"").containsOnlyOnce("\"labels.team\"")
                .doesNotContain("prod").doesNotContain("payments");
    }

    @Test
    void aNestedStructureIsWrittenAsTextOneLevelDeepAndABottomlessOneIsMarked() {
        Map<String, Object> deep = new java.util.LinkedHashMap<>(Map.of("level", "bottom"));
        for (int i = 1; i < 50; i++) {
            deep = new java.util.LinkedHashMap<>(Map.of("level", deep));
        }
        Map<String, Object> bottomless = deep;
        for (int i = 50; i < 200_000; i++) { // its toString() overflows the stack
            bottomless = new java.util.LinkedHashMap<>(Map.of("level", bottomless));
        }

        Map<String, Object> doc = document(encoder(), event().keyValue("deep", deep).keyValue("bottomless", bottomless)
                .build());

        assertThat(doc.get("deep")).isEqualTo("{level=".repeat(50) + "bottom" + "}".repeat(50));
        assertThat(doc.get("bottomless"))
                .isEqualTo("[java.util.LinkedHashMap.toString() threw java.lang.StackOverflowError]");
    }

    @Test
    void keyValuesAreTopLevelWithTheirJsonTypes() {
        Map<String, Object> doc = document(encoder(), event()
                .keyValue("count", 42)
                .keyValue("bytes", 5_000_000_000L)
                .keyValue("small", (short) 7)
                .keyValue("ratio", 0.25d)
                .keyValue("price", new BigDecimal("12.50"))
                .keyValue("huge", new BigInteger("123456789012345678901234567890"))
                .keyValue("ok", true)
                .keyValue("failed", false)
                .keyValue("name", "bob")
                .keyValue("missing", null)
                .keyValue("infinite", Double.POSITIVE_INFINITY)
                .keyValue("list", List.of(1, 2))
                .build());

        assertThat(doc)
                .containsEntry("count", 42L)
                .containsEntry("bytes", 5_000_000_000L)
                .containsEntry("small", 7L)
                .containsEntry("ratio", new BigDecimal("0.25"))
                .containsEntry("price", new BigDecimal("12.50"))
                .containsEntry("huge", new BigInteger("123456789012345678901234567890"))
                .containsEntry("ok", true)
                .containsEntry("failed", false)
                .containsEntry("name", "bob")
                .containsEntry("missing", null)
                .containsEntry("infinite", "Infinity")
                .containsEntry("list", "[1, 2]");
    }

    @Test
    void keysThatCollideWithEcsFieldsGetATrailingUnderscore() {
        EcsEncoder encoder = new EcsEncoder(settings(Map.of("environment", "prod", "deployment.region", "eu-1")));

        Map<String, Object> doc = document(encoder, event()
                .keyValue("message", "kv message")
                .keyValue("@timestamp", "kv time")
                .keyValue("log.level", "kv level")
                .keyValue("event.id", "kv id")
                .keyValue("tags", "kv tags")
                .keyValue("error.type", "kv error")
                .keyValue("labels", "kv labels")
                .keyValue("labels.environment", "kv env")
                .keyValue("deployment.region", "kv region")
                .tag("audit")
                .build());

        assertThat(doc)
                .containsEntry("message", "order placed").containsEntry("message_", "kv message")
                .containsEntry("@timestamp", "2025-11-26T11:04:38.123456Z").containsEntry("@timestamp_", "kv time")
                .containsEntry("log.level", "INFO").containsEntry("log.level_", "kv level")
                .containsEntry("event.id", FIRST_ID_OF_ONE).containsEntry("event.id_", "kv id")
                .containsEntry("tags", List.of("audit")).containsEntry("tags_", "kv tags")
                .containsEntry("error.type_", "kv error")
                .containsEntry("labels_", "kv labels")
                .containsEntry("labels.environment", "prod").containsEntry("labels_environment", "kv env")
                .containsEntry("deployment.region", "eu-1").containsEntry("deployment.region_", "kv region")
                .doesNotContainKeys("labels", "error.type");
    }

    @Test
    void mdcKeysThatCollideWithEcsFieldsGetATrailingUnderscoreWithAnEmptyPrefix() {
        EcsEncoder encoder = new EcsEncoder(new EncoderSettings("checkout", "web-1", Map.of(), "", 0));

        Map<String, Object> doc = document(encoder, event().mdc("message", "mdc message").mdc("host.name", "mdc host")
                .mdc("user", "alice").build());

        assertThat(doc)
                .containsEntry("message", "order placed").containsEntry("message_", "mdc message")
                .containsEntry("host.name", "web-1").containsEntry("host.name_", "mdc host")
                .containsEntry("user", "alice");
    }

    @Test
    void aRepeatedKeyValueKeyIsWrittenOnceFirstValueWinning() {
        byte[] json = bytes(encoder(), event().keyValue("user", "first").keyValue("user", "second").build(),
                EncodeLimits.FULL);

        assertThat(Json.object(json)).containsEntry("user", "first");
        assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("second");
    }

    @Test
    void writesMarkerNamesAsATagsArray() {
        Map<String, Object> doc = document(encoder(), event().tag("audit").tag("security").build());

        assertThat(doc).containsEntry("tags", List.of("audit", "security"));
    }

    @Test
    void writesAThrowableAsErrorFieldsWithCausesAndSuppressed() {
        RuntimeException thrown = Throwables.withCauseAndSuppressed();

        Map<String, Object> doc = document(encoder(), event().level(Level.ERROR).throwable(thrown).build());

        assertThat(doc)
                .containsEntry("error.type", "java.lang.RuntimeException")
                .containsEntry("error.message", "outer failure");
        String trace = (String) doc.get("error.stack_trace");
        assertThat(trace)
                .startsWith("java.lang.RuntimeException: outer failure\n\tat dev.logship.core.encode.Throwables.level1(")
                .contains("\nCaused by: java.lang.IllegalStateException: root cause\n\tat dev.logship.core.encode.Throwables.level3(")
                .contains("\n\tSuppressed: java.io.UncheckedIOException: cleanup failed\n")
                .contains("\n\tCaused by: java.io.IOException: disk\n")
                .contains(" more\n");
    }

    @Test
    void aThrowableWithoutMessageHasNoErrorMessage() {
        Map<String, Object> doc = document(encoder(), event().throwable(new NullPointerException()).build());

        assertThat(doc).containsEntry("error.type", "java.lang.NullPointerException").doesNotContainKey("error.message");
        assertThat((String) doc.get("error.stack_trace")).startsWith("java.lang.NullPointerException\n\tat ");
    }

    @Test
    void marksATruncatedEventAndCutsTheMessage() {
        String message = "x".repeat(5000);

        Map<String, Object> doc = document(encoder(), event().message(message).build(), EncodeLimits.truncated(4096));

        assertThat(doc).containsEntry("logship.truncated", true).containsEntry("message", "x".repeat(1024));
    }

    @Test
    void theMinimalPassKeepsOnlyTheEssentials() {
        Map<String, Object> doc = document(encoder(), event().mdc("user", "alice").keyValue("k", 1).tag("t")
                .throwable(new IllegalStateException("boom")).build(), EncodeLimits.minimal(4096));

        assertThat(doc)
                .containsEntry("logship.truncated", true)
                .containsEntry("error.type", "java.lang.IllegalStateException")
                .containsEntry("error.message", "boom")
                .doesNotContainKeys("labels.user", "k", "tags", "error.stack_trace");
    }

    // ---- hostile input -------------------------------------------------------------------------

    @Test
    void writesAFiveMegabyteMessageWhole() {
        String message = "0123456789abcdef".repeat(5 * 1024 * 1024 / 16);

        Map<String, Object> doc = document(encoder(), event().message(message).build());

        assertThat((String) doc.get("message")).hasSize(5 * 1024 * 1024).isEqualTo(message);
    }

    @Test
    void unpairedSurrogatesStillMakeValidJson() throws Exception {
        String bad = "high \uD800 alone, low \uDC00 alone, reversed \uDC00\uD800, end \uD83D";
        SimpleLogEvent e = event().message(bad).logger("logger\uD800").thread("\uDC00thread")
                .mdc("key\uD800", "value\uDC00").keyValue("kv\uDBFF", "v\uD800").tag("tag\uDFFF")
                .throwable(new IllegalStateException(bad)).build();

        for (com.fasterxml.jackson.core.JsonFactory factory : List.of(Encoding.PLAIN, Encoding.PRODUCTION)) {
            byte[] json = bytes(factory, encoder(), e, EncodeLimits.FULL);

            Map<String, Object> doc = Json.object(json);
            assertThat(doc.get("message")).isEqualTo(bad);
            assertThat(doc.get("error.message")).isEqualTo(bad);
            assertThat(doc).containsEntry("labels.key_", "value\uDC00").containsEntry("kv_", "v\uD800")
                    .containsEntry("log.logger", "logger\uD800").containsEntry("tags", List.of("tag\uDFFF"));
            assertThat(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(json)).toString())
                    .as("strictly valid UTF-8").isNotEmpty();
        }
    }

    @Test
    void escapesNulAndControlCharacters() {
        StringBuilder controls = new StringBuilder("start");
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        String text = controls.append("\u007f end").toString();
        SimpleLogEvent e = event().message(text).thread("t\u0000").logger("l\u0001").mdc("k\u0000", "v\u0000")
                .keyValue("kv\u0007", "\u0000").tag("\u001f").throwable(new RuntimeException(text)).build();

        byte[] json = bytes(encoder(), e, EncodeLimits.FULL);

        assertThat(Encoding.firstControlByte(json)).isEqualTo(-1);
        Map<String, Object> doc = Json.object(json);
        assertThat(doc).containsEntry("message", text).containsEntry("process.thread.name", "t\u0000")
                .containsEntry("error.message", text);
    }

    @Test
    void aCyclicCauseChainTerminates() {
        Map<String, Object> doc = document(encoder(), event().throwable(Throwables.cyclic()).build());

        assertThat((String) doc.get("error.stack_trace"))
                .contains("Caused by: java.lang.IllegalStateException: b")
                .contains("[CIRCULAR REFERENCE: java.lang.RuntimeException: a]");
    }

    @Test
    void aThrowableWhoseGetMessageThrowsIsStillWritten() {
        RuntimeException thrown = Throwables.messageThrows();

        Map<String, Object> doc = document(encoder(), event().throwable(thrown).build());

        assertThat(doc).containsEntry("error.type", thrown.getClass().getName());
        assertThat((String) doc.get("error.message")).contains("getMessage() threw java.lang.IllegalStateException");
        assertThat((String) doc.get("error.stack_trace")).startsWith(thrown.getClass().getName() + ": [getMessage() threw");
    }

    @Test
    void aKeyValueWhoseToStringThrowsBecomesAMarker() {
        Map<String, Object> doc = document(encoder(), event().keyValue("payload", Throwables.toStringThrows())
                .keyValue("after", "still written").build());

        assertThat((String) doc.get("payload")).contains(".toString() threw java.lang.UnsupportedOperationException");
        assertThat(doc).containsEntry("after", "still written");
    }

    @Test
    void emptyAndDotOnlyMdcKeysBecomeValidFieldNames() {
        Map<String, Object> doc = document(encoder(), event().mdc("", "empty").mdc("..", "dots").mdc(".lead", "l")
                .mdc("trail.", "t").mdc("a..b", "ab").build());

        assertThat(doc).containsEntry("labels._", "empty").containsEntry("labels.__", "dots")
                .containsEntry("labels._lead", "l").containsEntry("labels.trail_", "t").containsEntry("labels.a._b", "ab");
        for (String name : doc.keySet()) {
            assertThat(name).as("field name").isNotEmpty().doesNotStartWith(".").doesNotEndWith(".")
                    .doesNotContain("..").isNotBlank();
        }
    }

    @Test
    void nullMdcKeyAndValueDoNotBreakTheDocument() {
        Map<String, String> mdc = new java.util.HashMap<>();
        mdc.put("user", null);
        mdc.put(null, "null key");

        Map<String, Object> doc = document(encoder(), event().mdc(mdc).build());

        assertThat(doc).containsEntry("labels.user", null).containsEntry("labels._", "null key");
    }

    @Test
    void neverWritesADuplicateKeyWhateverTheUserKeys() {
        EcsEncoder encoder = new EcsEncoder(settings(Map.of("environment", "prod", "labels._", "static underscore")));
        SimpleLogEvent e = event()
                .mdc("", "empty").mdc("_", "underscore").mdc(" ", "blank").mdc(null, "null key")
                .mdc("..", "dots").mdc("__", "two")
                .mdc("user", "alice").mdc("environment", "staging")
                .keyValue("labels.user", "kv with the mdc prefix").keyValue("a b", 1).keyValue("a_b", 2)
                .keyValue(".x", 3).keyValue("_x", 4).keyValue("message", 5).keyValue("message_", 6)
                .build();

        byte[] json = bytes(encoder, e, EncodeLimits.FULL);

        Map<String, Object> doc = Json.object(json);
        assertThat(doc).containsValues("empty", "underscore", "blank", "null key", "dots", "two", "alice", "staging",
                "kv with the mdc prefix", 1L, 2L, 3L, 4L, 5L, 6L);
    }
}
