package dev.logship.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.logship.core.deliver.DeliveryResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.message.MapMessage;
import org.apache.logging.log4j.message.StringMapMessage;
import org.apache.logging.log4j.message.StructuredDataMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the Log4j2 appender captures arrives in the encoded document, and survives reuse (reloads: Log4j2ReloadTest). */
class Log4j2CaptureTest {
    private final RecordingSink sink = new RecordingSink();
    private LoggerContext context;
    private LogshipAppender appender;

    @AfterEach
    void stop() {
        ThreadContext.clearAll();
        if (context != null) {
            Configurator.shutdown(context);
        }
    }

    private Logger start() {
        return start(false);
    }

    private Logger start(boolean includeLocation) {
        context = new LoggerContext("capture-test");
        Configuration config = new DefaultConfiguration();
        appender = LogshipAppender.newBuilder().setName("TEST").setSink(sink).setServiceName("svc")
                .setCompression("none").setFlushOnExit("false").setLossSummary("false").setIncludeLocation(includeLocation)
                .setConfiguration(config).build();
        appender.start();
        for (String name : new ArrayList<>(config.getRootLogger().getAppenders().keySet())) {
            config.getRootLogger().removeAppender(name); // DefaultConfiguration's console appender
        }
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, Level.ALL, null);
        config.getRootLogger().setLevel(Level.ALL);
        context.start(config);
        return context.getLogger("capture.test");
    }

    private List<Map<String, Object>> shipped() {
        assertThat(appender.flush(Duration.ofSeconds(10))).isTrue();
        return sink.documents();
    }

    @Test
    void threadContextMapMessageFieldsMarkersAndThrowableArrive() {
        Logger log = start();
        ThreadContext.put("requestId", "r-1");
        ThreadContext.push("checkout");
        log.error(MarkerManager.getMarker("AUDIT"), "order {} failed", 7, new IllegalStateException("bad card"));
        log.info(new StringMapMessage().with("orderId", "42").with("amount", "19.99"));
        log.warn(new StructuredDataMessage("id-1", "payment declined", "payment").with("reason", "limit"));

        List<Map<String, Object>> docs = shipped();
        assertThat(docs).hasSize(3);
        Map<String, Object> error = docs.stream().filter(d -> "ERROR".equals(d.get("log.level"))).findFirst().orElseThrow();
        assertThat(error).containsEntry("message", "order 7 failed").containsEntry("labels.requestId", "r-1")
                .containsEntry("log.logger", "capture.test").containsEntry("error.type", "java.lang.IllegalStateException")
                .containsEntry("error.message", "bad card").containsEntry("service.name", "svc");
        assertThat(error.get("tags")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).contains("AUDIT", "checkout");
        Map<String, Object> map = docs.stream().filter(d -> "INFO".equals(d.get("log.level"))).findFirst().orElseThrow();
        assertThat(map).containsEntry("orderId", "42").containsEntry("amount", "19.99");
        Map<String, Object> structured = docs.stream().filter(d -> "WARN".equals(d.get("log.level"))).findFirst().orElseThrow();
        assertThat(structured).containsEntry("reason", "limit");
    }

    @Test
    void aReusedMessageIsShippedAsItWasAtTheCall() {
        Logger log = start();
        StringBuilder state = new StringBuilder("before");
        for (int i = 0; i < 100; i++) {
            log.info("state {} #{}", state, i); // garbage-free mode reuses the message object for every call
            state.setLength(0);
            state.append("after");
        }
        List<Map<String, Object>> docs = shipped();
        assertThat(docs).hasSize(100);
        assertThat(docs.get(0).get("message")).isEqualTo("state before #0");
        Set<Object> messages = new HashSet<>();
        docs.forEach(d -> messages.add(d.get("message")));
        assertThat(messages).as("each call's own text").hasSize(100);
    }

    /**
     * Garbage-free code reuses one map message ({@code clear()} then {@code with()}), and a value may be a mutable
     * object changed right after the call: the encode thread, later, must see each call's own fields and values.
     */
    @Test
    void aReusedMapMessageAndAMutableValueAreShippedAsTheyWereAtTheCall() {
        Logger log = start();
        MapMessage<?, Object> reused = new MapMessage<>();
        StringBuilder cart = new StringBuilder();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            cart.setLength(0);
            cart.append("cart-").append(i);
            items.clear();
            items.add("item-" + i);
            reused.clear();
            log.info(reused.with("seq", "s" + i).with("cart", cart).with("items", items).with("n", i));
            cart.setLength(0);
            cart.append("changed after the call");
            items.add("added after the call");
        }
        List<Map<String, Object>> docs = shipped();
        assertThat(docs).hasSize(200).allSatisfy(doc -> {
            String i = (String) doc.get("n");
            assertThat(doc).containsEntry("seq", "s" + i).containsEntry("cart", "cart-" + i)
                    .containsEntry("items", "[item-" + i + "]");
        });
    }

    @Test
    void hostileInputIsShippedNeverThrown() {
        Logger log = start();
        Object throwsOnToString = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("toString blew up");
            }
        };
        IllegalStateException cyclic = new IllegalStateException("outer");
        IllegalArgumentException inner = new IllegalArgumentException("inner", cyclic);
        cyclic.initCause(inner);
        ThreadContext.put("json", "{\"a\":{\"b\":[" + "[".repeat(500) + "]}}");
        log.info("huge {}", "x".repeat(3_000_000));
        log.info("control \u0000\u0001\u001f and lone \ud800 surrogate");
        log.info("bad {}", throwsOnToString);
        log.info((String) null);
        log.error("cycle", cyclic);

        List<Map<String, Object>> docs = shipped();
        assertThat(docs).hasSize(5);
        Map<String, Object> huge = message(docs, "huge ");
        assertThat(huge).containsEntry("logship.truncated", "true");
        assertThat((String) huge.get("message")).hasSizeLessThan(3_000_000).matches("huge x+");
        assertThat(docs).filteredOn(d -> d.containsKey("logship.truncated")).as("only the huge one").hasSize(1);
        assertThat(appender.metrics().truncated()).isEqualTo(1);
        assertThat(message(docs, "control")).as("control characters escaped, not lost")
                .containsEntry("message", "control \u0000\u0001\u001f and lone \ud800 surrogate");
        assertThat((String) message(docs, "bad ").get("message")).startsWith("bad [!!!").contains("toString blew up");
        assertThat(message(docs, "null")).as("a null message").containsEntry("log.level", "INFO");
        assertThat(docs).as("the nested JSON text in the ThreadContext, intact, on every event")
                .allSatisfy(d -> assertThat(d).containsEntry("labels.json", ThreadContext.get("json")));
        Map<String, Object> cycle = message(docs, "cycle");
        assertThat(cycle).containsEntry("error.type", "java.lang.IllegalStateException").containsEntry("error.message", "outer");
        assertThat((String) cycle.get("error.stack_trace")).contains("Caused by: java.lang.IllegalArgumentException: inner")
                .contains("CIRCULAR REFERENCE");
        assertThat(appender.metrics().droppedTotal()).isZero();
    }

    private static Map<String, Object> message(List<Map<String, Object>> docs, String start) {
        return docs.stream().filter(d -> ((String) d.get("message")).startsWith(start)).findFirst().orElseThrow();
    }

    @Test
    void theSourceLocationOnlyWhenAskedFor() {
        start(true).info("located");
        Map<String, Object> located = shipped().get(0);
        assertThat((String) located.get("log.origin.function"))
                .isEqualTo(Log4j2CaptureTest.class.getName() + ".theSourceLocationOnlyWhenAskedFor");
        assertThat(located).containsKey("log.origin.file.line");
    }

    @Test
    void noSourceLocationByDefault() {
        start().info("not located");
        assertThat(shipped().get(0)).doesNotContainKey("log.origin.function");
    }

    @Test
    void levelsMapOneToOne() {
        Logger log = start();
        log.trace("t");
        log.debug("d");
        log.info("i");
        log.warn("w");
        log.error("e");
        log.fatal("f");
        assertThat(shipped()).extracting(d -> d.get("log.level"))
                .containsExactlyInAnyOrder("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");
    }

    /** Acknowledges every batch and keeps the documents (ECS, one per line). */
    static final class RecordingSink extends EcsLinesSink {
        private final List<byte[]> bodies = new CopyOnWriteArrayList<>();


        @Override
        public DeliveryResult deliver(byte[] body, int length, String contentEncoding, int events) {
            bodies.add(java.util.Arrays.copyOf(body, length));
            return DeliveryResult.done(events, Map.of());
        }

        List<Map<String, Object>> documents() {
            List<Map<String, Object>> docs = new ArrayList<>();
            for (byte[] body : bodies) {
                for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
                    docs.add(parse(line));
                }
            }
            return docs;
        }

        private static Map<String, Object> parse(String json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            try (JsonParser p = new JsonFactory().createParser(json)) {
                p.nextToken();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.getCurrentName();
                    JsonToken value = p.nextToken();
                    if (value == JsonToken.START_ARRAY) {
                        List<Object> items = new ArrayList<>();
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            items.add(p.getText());
                        }
                        doc.put(name, items);
                    } else if (value == JsonToken.START_OBJECT) {
                        p.skipChildren();
                    } else {
                        doc.put(name, p.getText());
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return doc;
        }
    }
}
