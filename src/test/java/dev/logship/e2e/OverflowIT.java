package dev.logship.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

/**
 * A sink that stalls must never stall the application beyond what the overflow policy allows, and
 * every event that does not fit is counted. The bounds asserted on call time are the policy's
 * budget plus a generous margin for a loaded machine: they catch a call that waits on the network,
 * not a slow one.
 */
class OverflowIT {
    /** Enough to fill a 64-slot ring and the batches behind it many times over. */
    private static final int EVENTS = 1_000;
    private static final long SLACK_NANOS = Duration.ofSeconds(2).toNanos();

    private BulkReceiver receiver;

    @AfterEach
    void tearDown() {
        if (receiver != null) {
            receiver.release();
        }
        LogbackFixture.reset();
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void dropPolicyNeverWaitsForAStalledSinkAndCountsEveryDrop() throws Exception {
        LogshipAppender appender = stalledAppender("DROP", null);
        long slowest = logAndTimeSlowestCall();

        assertThat(slowest).isLessThan(SLACK_NANOS);
        assertAccounted(appender);
        assertThat(appender.metrics().blocked()).as("DROP never waits").isZero();
    }

    @Test
    void blockPolicyWaitsAtMostMaxBlockThenDropsAndCounts() throws Exception {
        Duration maxBlock = Duration.ofMillis(5);
        LogshipAppender appender = stalledAppender("BLOCK", "5ms");
        long slowest = logAndTimeSlowestCall();

        assertThat(slowest).isLessThan(maxBlock.toNanos() + SLACK_NANOS);
        assertAccounted(appender);
        MetricsSnapshot m = appender.metrics();
        assertThat(m.blocked()).as("every call dropped at the full ring waited for maxBlock first")
                .isGreaterThanOrEqualTo(m.dropped(DropReason.RING_FULL)).isPositive();
    }

    private LogshipAppender stalledAppender(String policy, String maxBlock) throws Exception {
        receiver = new BulkReceiver();
        receiver.stall();
        return LogbackFixture.attach(receiver.url(), a -> {
            a.setOverflowPolicy(policy);
            if (maxBlock != null) {
                a.setMaxBlock(maxBlock);
            }
            a.setRingBufferSize("64");
            a.setMaxInFlight("1");
            dev.logship.logback.BatchSettings batch = new dev.logship.logback.BatchSettings();
            batch.setMaxEvents("10");
            a.setBatch(batch);
            a.setShutdownTimeout("5s");
        });
    }

    private long logAndTimeSlowestCall() {
        Logger log = LoggerFactory.getLogger("overflow");
        long slowest = 0;
        for (int i = 0; i < EVENTS; i++) {
            long start = System.nanoTime();
            log.info("event {}", i);
            slowest = Math.max(slowest, System.nanoTime() - start);
        }
        return slowest;
    }

    /** Every event logged is either received or counted as dropped at the ring; after release, all received arrive. */
    private void assertAccounted(LogshipAppender appender) {
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.stalledRequests() > 0);
        MetricsSnapshot stalled = appender.metrics();
        assertThat(stalled.dropped(DropReason.RING_FULL)).isPositive();
        assertThat(stalled.received() + stalled.dropped(DropReason.RING_FULL)).isEqualTo(EVENTS);

        receiver.release();
        assertThat(appender.flush(Duration.ofSeconds(30))).isTrue();
        MetricsSnapshot after = appender.metrics();
        assertThat(after.delivered()).isEqualTo(after.received());
        assertThat(receiver.documents().values().stream().filter(d -> d.contains("\"log.logger\":\"overflow\"")))
                .hasSize((int) after.received());
        assertThat(after.droppedAfterAccept()).isZero();
        // the people reading the logs learn about the gap: one summary event once delivery works
        await().atMost(Duration.ofSeconds(30)).until(() -> summaries().size() == 1);
        assertThat(summaries().get(0)).contains("\"log.level\":\"WARN\"")
                .contains("\"message\":\"logship lost " + after.dropped(DropReason.RING_FULL) + " events between ")
                .contains("\"logship.lost.ring_full\":" + after.dropped(DropReason.RING_FULL));
    }

    private java.util.List<String> summaries() {
        return receiver.documents().values().stream().filter(d -> d.contains("\"log.logger\":\"dev.logship\"")).toList();
    }
}
