package dev.logship.spring;

import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.core.diag.SinkStatus;
import dev.logship.core.pipeline.Pipeline;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code logship} health contributor: the sink's state, the backlog (ring buffer, batches in flight,
 * spill store), the losses and the logging calls that waited for room in the ring ({@code blocked}). A
 * failing log sink is reported in the details while the status stays UP — the application serves its
 * users whether or not its logs reach the sink — unless
 * {@code logship.health.down-when-sink-down=true}. When logship is off because of a bad setting, the status
 * is UNKNOWN (DOWN with that property) and the details say why.
 */
public class LogshipHealthIndicator implements HealthIndicator {
    private final LogshipLogging logging;
    private final boolean downWhenSinkDown;

    public LogshipHealthIndicator(LogshipLogging logging, boolean downWhenSinkDown) {
        this.logging = logging;
        this.downWhenSinkDown = downWhenSinkDown;
    }

    @Override
    public Health health(boolean includeDetails) {
        Health.Builder builder = new Health.Builder();
        try {
            check(builder);
        } catch (RuntimeException e) { // the log sink's health check must not be what takes the application DOWN
            builder = Health.unknown().withDetail("error", String.valueOf(e));
        }
        return includeDetails ? builder.build() : Health.status(builder.build().getStatus()).build();
    }

    @Override
    public Health health() {
        return health(true);
    }

    private void check(Health.Builder builder) {
        LogshipLogging.View view = logging.view();
        Pipeline<?> pipeline = view.pipeline();
        if (pipeline == null || !view.running()) {
            builder.status(downWhenSinkDown ? Status.DOWN : Status.UNKNOWN).withDetail("shipping", false);
            if (logging.framework() != null) {
                builder.withDetail("loggingSystem", logging.framework());
            }
            if (view.appender() != null) {
                builder.withDetail("appender", view.appender()).withDetail("reason", "the appender was stopped (by a "
                        + "reload of the logging configuration?)");
            }
            if (!logging.problems().isEmpty()) {
                builder.withDetail("problems", logging.problems());
            }
            return;
        }
        SinkStatus sink = pipeline.sinkStatus();
        MetricsSnapshot metrics = pipeline.metrics();
        builder.status(sink.failing() && downWhenSinkDown ? Status.DOWN : Status.UP)
                .withDetail("shipping", true)
                .withDetail("loggingSystem", String.valueOf(logging.framework()))
                .withDetail("appender", view.appender())
                .withDetail("attachedByStarter", logging.attachedByStarter())
                .withDetail("sink", pipeline.sinkDescription())
                .withDetail("sinkState", sink.state().name());
        if (sink.failing()) {
            builder.withDetail("consecutiveFailures", sink.consecutiveFailures())
                    .withDetail("failingSince", Instant.ofEpochMilli(sink.failingSinceMillis()).toString());
            if (sink.lastError() != null) {
                builder.withDetail("lastError", sink.lastError());
            }
        }
        if (sink.lastSuccessMillis() > 0) {
            builder.withDetail("lastDelivery", Instant.ofEpochMilli(sink.lastSuccessMillis()).toString());
        }
        Map<String, Object> backlog = new java.util.LinkedHashMap<>();
        backlog.put("ringBuffer", pipeline.ringBufferSize() - metrics.ringRemaining());
        backlog.put("batchesInFlight", metrics.inFlight());
        backlog.put("spilledEvents", metrics.spillEvents());
        backlog.put("spillBytes", metrics.spillBytes());
        builder.withDetail("backlog", backlog)
                .withDetail("delivered", metrics.delivered() + metrics.replayed())
                .withDetail("dropped", metrics.droppedTotal())
                .withDetail("blocked", metrics.blocked());
        Map<String, Long> byReason = new TreeMap<>();
        for (DropReason reason : DropReason.values()) {
            if (metrics.dropped(reason) > 0) {
                byReason.put(reason.name().toLowerCase(Locale.ROOT), metrics.dropped(reason));
            }
        }
        if (!byReason.isEmpty()) {
            builder.withDetail("droppedByReason", byReason);
        }
    }
}
