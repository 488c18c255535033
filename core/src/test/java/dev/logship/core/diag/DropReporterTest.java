package dev.logship.core.diag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logship.core.testkit.RecordingDiagnostics;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DropReporterTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long START = 1_000_000 * SECOND;

    private final PipelineMetrics metrics = new PipelineMetrics();
    private final RecordingDiagnostics diagnostics = new RecordingDiagnostics();
    private final DropReporter reporter = new DropReporter(metrics, diagnostics, 10 * SECOND, START);

    @Test
    void reportsTheFirstDropsAtOnce() {
        metrics.dropped(DropReason.RING_FULL, 5);

        reporter.maybeReport(START, false);

        assertThat(diagnostics.warnings).containsExactly("logship: dropped 5 events (ring full) in the last 10s");
    }

    @Test
    void reportsAtMostOncePerInterval() {
        metrics.dropped(DropReason.RING_FULL, 5);
        reporter.maybeReport(START, false);

        metrics.dropped(DropReason.RING_FULL, 3);
        reporter.maybeReport(START + SECOND, false);
        reporter.maybeReport(START + 9 * SECOND, false);
        assertThat(diagnostics.warnings).hasSize(1);

        metrics.dropped(DropReason.RING_FULL, 4);
        reporter.maybeReport(START + 10 * SECOND, false);

        assertThat(diagnostics.warnings).containsExactly(
                "logship: dropped 5 events (ring full) in the last 10s",
                "logship: dropped 7 events (ring full) in the last 10s");
    }

    @Test
    void saysNothingWithoutNewDrops() {
        reporter.maybeReport(START, false);
        reporter.maybeReport(START + 60 * SECOND, false);
        metrics.dropped(DropReason.RING_FULL, 2);
        reporter.maybeReport(START + 61 * SECOND, false);
        reporter.maybeReport(START + 200 * SECOND, false);
        reporter.maybeReport(START + 300 * SECOND, true);

        assertThat(diagnostics.warnings).containsExactly("logship: dropped 2 events (ring full) in the last 71s");
    }

    @Test
    void theIntervalCountsFromTheLastReport() {
        metrics.dropped(DropReason.RING_FULL, 1);
        reporter.maybeReport(START, false);
        metrics.dropped(DropReason.RING_FULL, 1);

        reporter.maybeReport(START + 25 * SECOND, false);

        assertThat(diagnostics.warnings).last().isEqualTo("logship: dropped 1 event (ring full) in the last 25s");
    }

    @Test
    void forceReportsInsideTheInterval() {
        metrics.dropped(DropReason.RING_FULL, 1);
        reporter.maybeReport(START, false);
        metrics.dropped(DropReason.SHUTDOWN, 4);

        reporter.maybeReport(START + SECOND / 2, true);

        assertThat(diagnostics.warnings).hasSize(2).last().asString()
                .isEqualTo("logship: dropped 4 events (shutdown timeout) in the last 1s");
    }

    @Test
    void namesEveryReasonInOneMessage() {
        metrics.dropped(DropReason.RING_FULL, 3);
        metrics.dropped(DropReason.ENCODE_FAILED, 1);
        metrics.rejected("mapper_parsing_exception", 2);

        reporter.maybeReport(START, false);

        assertThat(diagnostics.warnings).singleElement().asString().isEqualTo(
                "logship: dropped 3 events (ring full), 1 event (encode failed), 2 events (rejected by sink)"
                        + " in the last 10s");
    }
}
