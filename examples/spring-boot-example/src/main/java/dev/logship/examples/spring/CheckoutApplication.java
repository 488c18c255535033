package dev.logship.examples.spring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A checkout service with nothing logship-specific in its code: the starter on the class path and
 * {@code logship.elasticsearch.url} in {@code application.properties} ship its startup logs and its request logs.
 * {@code GET /orders/{id}} logs one event per request; {@code /actuator/health} shows the {@code logship}
 * contributor and {@code /actuator/metrics/logship.events.delivered} the counters.
 */
@SpringBootApplication
public class CheckoutApplication {

    public static void main(String[] args) {
        SpringApplication.run(CheckoutApplication.class, args);
    }

    @RestController
    static class Orders {
        private static final Logger LOG = LoggerFactory.getLogger(Orders.class);

        @GetMapping("/orders/{id}")
        String order(@PathVariable("id") String id) {
            MDC.put("orderId", id);
            try {
                LOG.atInfo().addKeyValue("amountCents", 4_250).log("order {} looked up", id);
                return "order " + id + "\n";
            } finally {
                MDC.remove("orderId");
            }
        }
    }
}
