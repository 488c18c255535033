package dev.logship.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.logship.core.deliver.DeliveryResult;
import dev.logship.core.encode.EcsEncoder;
import dev.logship.core.encode.EncoderSettings;
import dev.logship.core.encode.EventEncoder;
import dev.logship.core.sink.Sink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MarkerFactory;

/** What the appender captures from a Logback event arrives in the encoded document. */
class LogshipAppenderCaptureTest {
    private final LoggerContext context = new LoggerContext();
    private final RecordingSink sink = new RecordingSink();
    private LogshipAppender appender;
    private Logger log;

    @BeforeEach
    void start() {
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        appender = new LogshipAppender();
        appender.setContext(context);
        appender.setName("TEST");
        appender.setSink(sink);
        appender.setServiceName("svc");
        appender.setCompression("none");
        appender.setFlushOnExit("false");
        appender.start();
        assertThat(appender.isStarted()).isTrue();
        log = context.getLogger("capture.test");
        log.setLevel(Level.TRACE);
        log.addAppender(appender);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private List<Map<String, Object>> shipped() {
        assertThat(appender.flush(Duration.ofSeconds(10))).isTrue();
        return sink.documents();
    }

    @Test
    void capturesMessageMdcKeyValuesMarkersAndThrowable() {
        context.getMDCAdapter().put("requestId", "r-1");
        log.atWarn().addMarker(MarkerFactory.getMarker("AUDIT")).addKeyValue("amount", 42)
                .addKeyValue("paid", true).setCause(new IllegalArgumentException("bad card"))
                .log("order {} for {}", 7, "alice");
        context.getMDCAdapter().clear();

        Map<String, Object> doc = shipped().get(0);
        assertThat(doc).containsEntry("message", "order 7 for alice")
                .containsEntry("log.level", "WARN")
                .containsEntry("log.logger", "capture.test")
                .containsEntry("process.thread.name", Thread.currentThread().getName())
                .containsEntry("labels.requestId", "r-1")
                .containsEntry("amount", 42L)
                .containsEntry("paid", true)
                .containsEntry("tags", List.of("AUDIT"))
                .containsEntry("error.type", "java.lang.IllegalArgumentException")
                .containsEntry("error.message", "bad card")
                .containsEntry("service.name", "svc");
        assertThat((String) doc.get("error.stack_trace")).startsWith("java.lang.IllegalArgumentException: bad card\n\tat ");
    }

    @Test
    void levelsMapOneToOne() {
        log.trace("t");
        log.debug("d");
        log.info("i");
        log.warn("w");
        log.error("e");

        // a flush racing the encode thread may cut two batches, which two senders deliver in either order
        assertThat(shipped()).extracting(d -> d.get("log.level"))
                .containsExactlyInAnyOrder("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    }

    @Test
    void aMutableArgumentIsFormattedAsItWasAtTheCall() {
        StringBuilder state = new StringBuilder("before");
        log.info("state is {}", state);
        state.setLength(0);
        state.append("after");

        assertThat(shipped().get(0)).containsEntry("message", "state is before");
    }

    @Test
    void aMutableKeyValueIsFrozenAtTheCall() {
        List<String> items = new ArrayList<>(List.of("a"));
        log.atInfo().addKeyValue("items", items).log("cart");
        items.add("b");

        assertThat(shipped().get(0)).containsEntry("items", "[a]");
    }

    @Test
    void aReusedArgumentArrayShipsTheValuesOfEachCall() {
        Object[] args = new Object[1];
        for (int i = 0; i < 50; i++) {
            args[0] = i;
            log.info("item {}", args);
        }

        assertThat(shipped()).extracting(d -> d.get("message"))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).mapToObj(i -> "item " + i).toList());
    }

    @Test
    void theSharedEventIsNotRewritten() {
        List<String> items = new ArrayList<>(List.of("a"));
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> after =
                new ch.qos.logback.core.read.ListAppender<>();
        after.setContext(context);
        after.start();
        log.addAppender(after);

        log.atInfo().addKeyValue("items", items).log("cart");

        assertThat(after.list.get(0).getKeyValuePairs().get(0).value).isSameAs(items);
        assertThat(shipped().get(0)).containsEntry("items", "[a]");
    }

    @Test
    void immutableArgumentsAreFormattedOffTheApplicationThread() throws Exception {
        LoggingEvent event = new LoggingEvent("fqcn", log, ch.qos.logback.classic.Level.INFO, "n={} s={}", null,
                new Object[] {1, "x"});
        LogbackCapture.prepare(event);
        java.lang.reflect.Field formatted = LoggingEvent.class.getDeclaredField("formattedMessage");
        formatted.setAccessible(true);
        assertThat(formatted.get(event)).isNull();

        LoggingEvent mutable = new LoggingEvent("fqcn", log, ch.qos.logback.classic.Level.INFO, "l={}", null,
                new Object[] {new ArrayList<>(List.of(1))});
        LogbackCapture.prepare(mutable);
        assertThat(formatted.get(mutable)).isEqualTo("l=[1]");
    }

    @Test
    void hostileEventsDoNotBreakTheAppender() {
        Object evil = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no");
            }
        };
        log.info("evil {}", evil);
        log.info(null);
        log.info("nul\u0000 and \ud800 lone surrogate");
        log.info("big {}", "x".repeat(5_000_000));

        List<Map<String, Object>> docs = shipped();
        assertThat(docs).hasSize(4);
        assertThat((String) docs.get(0).get("message")).startsWith("evil [FAILED toString()]");
        assertThat(docs.get(1)).containsEntry("message", "");
        assertThat((String) docs.get(2).get("message")).contains("nul\u0000");
        assertThat(docs.get(3)).containsEntry("logship.truncated", true);
        assertThat(appender.metrics().truncated()).isEqualTo(1);
        assertThat(appender.metrics().droppedTotal()).isZero();
    }

    /** Acknowledges every batch and keeps the documents (ECS, one per line), taking {@code latencyMillis} per batch. */
    static final class RecordingSink implements Sink {
        private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
        private final long latencyMillis;

        RecordingSink() {
            this(0);
        }

        RecordingSink(long latencyMillis) {
            this.latencyMillis = latencyMillis;
        }

        @Override
        public EventEncoder encoder(EncoderSettings settings) {
            EcsEncoder ecs = new EcsEncoder(settings);
            return (event, id, limits, out) -> {
                ecs.encode(event, id, limits, out);
                out.writeRaw('\n');
            };
        }

        @Override
        public DeliveryResult deliver(byte[] body, int length, String contentEncoding, int events) {
            bodies.add(java.util.Arrays.copyOf(body, length));
            if (latencyMillis > 0) {
                try {
                    Thread.sleep(latencyMillis); // the sink's latency, not a wait for a condition
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
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
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    if (t == JsonToken.START_ARRAY) {
                        List<Object> list = new ArrayList<>();
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            list.add(p.getText());
                        }
                        doc.put(name, list);
                    } else if (t == JsonToken.VALUE_NUMBER_INT) {
                        doc.put(name, p.getLongValue());
                    } else if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                        doc.put(name, p.getBooleanValue());
                    } else {
                        doc.put(name, p.getText());
                    }
                }
            } catch (IOException e) {
                throw new AssertionError("invalid JSON: " + json, e);
            }
            return doc;
        }

        @Override
        public String describe() {
            return "recording sink";
        }

        @Override
        public void close() {
        }
    }
}
