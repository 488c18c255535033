package dev.logship.log4j2;

import dev.logship.core.deliver.DeliveryResult;
import dev.logship.core.sink.Sink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.message.StringMapMessage;

/** Volume runs for the Log4j2 appender: producers, a counting sink, and the checks. */
final class Volume {
    private Volume() {
    }

    /** Keeps each delivered document's {@code seq} field and whether its fields arrived; optionally slow, to saturate. */
    static final class CountingSink extends EcsLinesSink {
        final Set<String> messages = ConcurrentHashMap.newKeySet();
        final AtomicLong documents = new AtomicLong();
        final AtomicLong withFields = new AtomicLong();
        private final long delayMillis;

        CountingSink(long delayMillis) {
            this.delayMillis = delayMillis;
        }


        @Override
        public DeliveryResult deliver(byte[] body, int length, String contentEncoding, int events) {
            for (String line : new String(body, 0, length, StandardCharsets.UTF_8).split("\n")) {
                int at = line.indexOf("\"seq\":\"") + 7;
                messages.add(line.substring(at, line.indexOf('"', at)));
                documents.incrementAndGet();
                if (line.contains("\"labels.worker\":") && line.contains("\"orderId\":")) {
                    withFields.incrementAndGet();
                }
            }
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return DeliveryResult.done(events, Map.of());
        }
    }

    /** Starts {@code context} with one Logship appender (settings as given) on the root logger. */
    static LogshipAppender start(LoggerContext context, Sink sink, String ringBufferSize, String overflowPolicy) {
        // not a DefaultConfiguration: an AsyncLoggerContext does not start its Disruptor for that one
        Configuration config = new CodeConfiguration(context);
        context.start(config); // configures a root logger; the appender goes on it afterwards
        // a configuration without a source gets a console appender on the root logger: remove it
        for (String name : new ArrayList<>(config.getRootLogger().getAppenders().keySet())) {
            config.getRootLogger().removeAppender(name);
        }
        LogshipAppender appender = LogshipAppender.newBuilder().setName("VOLUME").setSink(sink).setServiceName("svc")
                .setCompression("none").setFlushOnExit("false").setLossSummary("false").setRingBufferSize(ringBufferSize)
                .setOverflowPolicy(overflowPolicy).setMaxBlock("60s").setConfiguration(config).build();
        appender.start();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, Level.ALL, null);
        config.getRootLogger().setLevel(Level.INFO);
        context.updateLoggers();
        return appender;
    }

    /** A configuration made in code (an empty one, filled by {@link #start}). */
    static final class CodeConfiguration extends org.apache.logging.log4j.core.config.AbstractConfiguration {
        CodeConfiguration(LoggerContext context) {
            super(context, org.apache.logging.log4j.core.config.ConfigurationSource.NULL_SOURCE);
        }
    }

    /** {@code threads} × {@code perThread} events with ThreadContext and map-message fields, flat out. */
    static void log(org.apache.logging.log4j.Logger log, int threads, int perThread) throws InterruptedException {
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            Thread thread = new Thread(() -> {
                ThreadContext.put("worker", Integer.toString(worker));
                for (int i = 0; i < perThread; i++) {
                    log.info(new StringMapMessage().with("seq", "w" + worker + "-" + i)
                            .with("orderId", Integer.toString(i)));
                }
                ThreadContext.clearAll();
            });
            producers.add(thread);
            thread.start();
        }
        for (Thread thread : producers) {
            thread.join();
        }
    }
}
