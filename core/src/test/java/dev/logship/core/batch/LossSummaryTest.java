package dev.logship.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.PipelineMetrics;
import dev.logship.core.encode.EcsEncoder;
import dev.logship.core.encode.EncoderSettings;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LossSummaryTest {
    private final PipelineMetrics metrics = new PipelineMetrics();
    private final Batch batch = new Batch(1024);

    private LossSummary summary(long intervalNanos) {
        return new LossSummary(new EcsEncoder(new EncoderSettings("svc", "host", Map.of(), "labels.", 0)), metrics,
                intervalNanos);
    }

    private String record() {
        return new String(batch.data().array(), 0, batch.data().size(), StandardCharsets.UTF_8);
    }

    @Test
    void nothingLostNothingToSay() {
        assertThat(summary(0).prepare(batch, System.nanoTime())).isFalse();
        metrics.dropped(DropReason.STOPPED, 3); // logged after stop: nobody left to tell
        assertThat(summary(0).prepare(batch, System.nanoTime())).isFalse();
    }

    @Test
    void countsByReasonWithTheTimeSpanAndOnlyWhatIsNewSinceTheLastOne() {
        LossSummary summary = summary(0);
        metrics.dropped(DropReason.RING_FULL, 5);
        metrics.droppedStored(DropReason.SPILL_FULL, 2);
        assertThat(summary.prepare(batch, System.nanoTime())).isTrue();
        assertThat(batch.events()).isEqualTo(1);
        assertThat(record()).contains("\"log.level\":\"WARN\"").contains("\"log.logger\":\"dev.logship\"")
                .contains("logship lost 7 events between ").contains("5 ring full, 2 spill full")
                .contains("\"logship.lost.ring_full\":5").contains("\"logship.lost.total\":7")
                .contains("\"logship.lost.from\":").doesNotContain("truncated");

        summary.sent();
        assertThat(summary.prepare(batch, System.nanoTime())).as("all reported").isFalse();
        metrics.dropped(DropReason.DELIVERY_FAILED, 1);
        assertThat(summary.prepare(batch, System.nanoTime())).isTrue();
        assertThat(record()).contains("logship lost 1 event between ").contains("1 delivery failed")
                .doesNotContain("ring full");
    }

    @Test
    void unsentSummariesAreRepeatedAndSentOnesWaitTheInterval() {
        LossSummary summary = summary(TimeUnit.HOURS.toNanos(1));
        metrics.dropped(DropReason.RING_FULL, 1);
        assertThat(summary.prepare(batch, System.nanoTime())).isTrue();
        // not sent (the delivery failed): the same losses are offered again
        assertThat(summary.prepare(batch, System.nanoTime())).isTrue();
        summary.sent();
        metrics.dropped(DropReason.RING_FULL, 1);
        assertThat(summary.prepare(batch, System.nanoTime())).as("within the interval").isFalse();
        assertThat(summary.prepare(batch, System.nanoTime() + TimeUnit.HOURS.toNanos(2))).isTrue();
        assertThat(record()).contains("logship lost 1 event");
    }
}
