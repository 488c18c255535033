package dev.logship.examples.log4j2;

import java.util.concurrent.ThreadLocalRandom;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.message.StringMapMessage;

/**
 * A small "checkout" service that logs through the Log4j2 API; {@code log4j2.xml} ships every event to
 * Elasticsearch / OpenSearch through logship's {@code <Logship>} appender. Run with
 * {@code -Dlogship.example.events=N} (default 1000) and the sink URL in {@code LOGSHIP_URL}.
 */
public final class Log4j2Example {
    private static final Logger LOG = LogManager.getLogger(Log4j2Example.class);
    private static final Marker AUDIT = MarkerManager.getMarker("AUDIT");

    private Log4j2Example() {
    }

    public static void main(String[] args) throws InterruptedException {
        int events = Integer.getInteger("logship.example.events", 1000);
        LOG.info("checkout service starting, logging {} orders", events);
        for (int order = 1; order <= events; order++) {
            ThreadContext.put("orderId", "o-" + order);
            ThreadContext.put("customer", "c-" + ThreadLocalRandom.current().nextInt(100));
            try {
                handle(order);
            } finally {
                ThreadContext.clearMap();
            }
            if (order % 100 == 0) {
                Thread.sleep(10);
            }
        }
        LOG.info("checkout service done");
        LogManager.shutdown(); // flushes logship within its shutdownTimeout
    }

    private static void handle(int order) {
        LOG.info(new StringMapMessage().with("message", "order " + order + " placed")
                .with("amountCents", Integer.toString(1999 + order)));
        if (order % 50 == 0) {
            LOG.warn(AUDIT, "order {} needs manual review", order);
        }
        if (order % 200 == 0) {
            LOG.error("payment for order {} failed", order, new IllegalStateException("card declined",
                    new java.io.IOException("gateway timeout")));
        }
    }
}
