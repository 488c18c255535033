package dev.logship.examples.logback;

import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * A small "checkout" service that logs through plain SLF4J; {@code logback.xml} ships every event
 * to Elasticsearch / OpenSearch through logship. Run with {@code -Dlogship.example.events=N}
 * (default 1000) and the sink URL in {@code LOGSHIP_URL}.
 */
public final class LogbackExample {
    private static final Logger LOG = LoggerFactory.getLogger(LogbackExample.class);
    private static final Marker AUDIT = MarkerFactory.getMarker("AUDIT");

    private LogbackExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        int events = Integer.getInteger("logship.example.events", 1000);
        LOG.info("checkout service starting, logging {} orders", events);
        for (int order = 1; order <= events; order++) {
            MDC.put("orderId", "o-" + order);
            MDC.put("customer", "c-" + ThreadLocalRandom.current().nextInt(100));
            try {
                handle(order);
            } finally {
                MDC.clear();
            }
            if (order % 100 == 0) {
                Thread.sleep(10);
            }
        }
        LOG.info("checkout service done");
    }

    private static void handle(int order) {
        LOG.atInfo().addKeyValue("amountCents", 1999 + order).log("order {} placed", order);
        if (order % 50 == 0) {
            LOG.warn(AUDIT, "order {} needs manual review", order);
        }
        if (order % 200 == 0) {
            LOG.error("payment for order {} failed", order, new IllegalStateException("card declined",
                    new java.io.IOException("gateway timeout")));
        }
    }
}
