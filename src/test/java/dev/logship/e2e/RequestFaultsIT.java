package dev.logship.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.e2e.testkit.BulkReceiver;
import dev.logship.e2e.testkit.LogbackFixture;
import dev.logship.logback.LogshipAppender;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Whole-request refusals from a fake cluster: 429 with Retry-After and 5xx are retried, other 4xx are not. */
class RequestFaultsIT {
    private final Logger log = LoggerFactory.getLogger("e2e.requests");
    private BulkReceiver receiver;

    @AfterEach
    void tearDown() {
        LogbackFixture.reset();
        if (receiver != null) {
            receiver.close();
        }
    }

    private LogshipAppender ship() throws Exception {
        receiver = new BulkReceiver();
        return LogbackFixture.attach(receiver.url(), a -> {
            a.setInitialBackoff("50ms");
            a.setMaxBackoff("2s");
        });
    }

    @Test
    void tooManyRequestsAndServerErrorsAreRetriedUntilEverythingLandsOnce() throws Exception {
        LogshipAppender appender = ship();
        receiver.failNext(429, 503, 500, 429);

        for (int i = 0; i < 1000; i++) {
            log.info("under pressure {}", i);
        }
        assertThat(appender.flush(Duration.ofSeconds(60))).isTrue();

        MetricsSnapshot metrics = appender.metrics();
        assertThat(metrics.delivered()).isEqualTo(1000);
        assertThat(metrics.retried()).isGreaterThanOrEqualTo(4);
        assertThat(receiver.documents()).hasSize(1000);
        assertThat(receiver.duplicates()).isZero();
    }

    @Test
    void aClientErrorIsNotRetriedAndEveryEventIsCounted() throws Exception {
        LogshipAppender appender = ship();
        receiver.failNext(400);

        log.info("refused");
        assertThat(appender.flush(Duration.ofSeconds(30))).isTrue();
        log.info("accepted");
        assertThat(appender.flush(Duration.ofSeconds(30))).isTrue();

        MetricsSnapshot metrics = appender.metrics();
        assertThat(metrics.dropped(DropReason.DELIVERY_FAILED)).isEqualTo(1);
        assertThat(metrics.delivered()).isEqualTo(1);
        assertThat(metrics.retried()).isZero();
        assertThat(receiver.documents().values().stream().filter(d -> !d.contains("\"log.logger\":\"dev.logship\"")))
                .hasSize(1);
        // the lost event is reported to the sink itself once delivery works
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> receiver.documents().values()
                .stream().anyMatch(d -> d.contains("logship lost 1 event between") && d.contains("1 delivery failed")));
    }
}
