package dev.logship.spring;

import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.core.diag.SinkStatus;
import dev.logship.core.pipeline.Pipeline;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The pipeline's counters and gauges as {@code logship.*} meters, tagged with the appender's name: events
 * received, delivered, dropped by reason, spilled, replayed; logging calls that waited for room in the ring;
 * requests retried; bytes; the batch delivery latency (a timer and its maximum since start); the ring buffer,
 * batches in flight and the spill store now; whether the sink answers. The meters read the running pipeline
 * each time, so they follow an appender that is rebuilt, and read 0 (counters, the timer) or NaN (gauges)
 * while logship is off.
 */
public class LogshipMeterBinder implements MeterBinder {
    private final LogshipLogging logging;

    public LogshipMeterBinder(LogshipLogging logging) {
        this.logging = logging;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("appender", logging.meterName());
        counter(registry, tags, "logship.events.received", "events accepted into the ring buffer", MetricsSnapshot::received);
        counter(registry, tags, "logship.events.encoded", "events encoded into a batch", MetricsSnapshot::encoded);
        counter(registry, tags, "logship.events.delivered", "events the sink acknowledged when first sent",
                MetricsSnapshot::delivered);
        counter(registry, tags, "logship.events.spilled", "events written to the spill store", MetricsSnapshot::spilled);
        counter(registry, tags, "logship.events.replayed", "events delivered from the spill store", MetricsSnapshot::replayed);
        counter(registry, tags, "logship.events.blocked", "logging calls that found the ring buffer full and waited for room",
                MetricsSnapshot::blocked);
        counter(registry, tags, "logship.events.truncated", "events cut down to max-event-bytes", MetricsSnapshot::truncated);
        for (DropReason reason : DropReason.values()) {
            counter(registry, tags.and("reason", reason.name().toLowerCase(Locale.ROOT)), "logship.events.dropped",
                    "events lost, by reason", m -> m.dropped(reason));
        }
        counter(registry, tags, "logship.requests.retried", "delivery attempts that were retried", MetricsSnapshot::retried);
        counter(registry, tags, "logship.batches.sent", "batches handed to the sink (first attempts)", MetricsSnapshot::batches);
        FunctionCounter.builder("logship.bytes.encoded", this, b -> b.read(MetricsSnapshot::bytesEncoded))
                .tags(tags).baseUnit("bytes").description("bytes of encoded events, before compression").register(registry);
        FunctionCounter.builder("logship.bytes.sent", this, b -> b.read(MetricsSnapshot::bytesSent))
                .tags(tags).baseUnit("bytes").description("bytes of batches after compression, first attempts")
                .register(registry);
        FunctionTimer.builder("logship.batches.delivery", this, b -> (long) b.read(MetricsSnapshot::deliveryLatencyCount),
                        b -> b.read(MetricsSnapshot::deliveryLatencyTotalNanos), TimeUnit.NANOSECONDS).tags(tags)
                .description("live batches the sink settled, timed from hand-over to the deliverer to settlement, "
                        + "retries and backoff included").register(registry);
        TimeGauge.builder("logship.batches.delivery.max", this, TimeUnit.NANOSECONDS,
                        b -> b.gauge((p, m) -> m.deliveryLatencyMaxNanos())).tags(tags)
                .description("the longest batch delivery since the pipeline started").register(registry);
        counter(registry, tags, "logship.spill.corrupt.records", "spill records that failed their checksum",
                MetricsSnapshot::corruptSpillRecords);
        counter(registry, tags, "logship.spill.errors", "spill store I/O errors", MetricsSnapshot::spillErrors);

        gauge(registry, tags, "logship.ring.used", "events waiting in the ring buffer", (p, m) -> p.ringBufferSize() - m.ringRemaining());
        gauge(registry, tags, "logship.ring.size", "slots of the ring buffer", (p, m) -> p.ringBufferSize());
        gauge(registry, tags, "logship.batches.in.flight", "batches being delivered now", (p, m) -> m.inFlight());
        gauge(registry, tags, "logship.spill.events", "events in the spill store waiting to be replayed", (p, m) -> m.spillEvents());
        Gauge.builder("logship.spill.bytes", this, b -> b.gauge((p, m) -> m.spillBytes())).tags(tags).baseUnit("bytes")
                .description("bytes of spill segment files").register(registry);
        Gauge.builder("logship.sink.up", this, LogshipMeterBinder::sinkUp).tags(tags)
                .description("1 while the sink answers, 0 while it fails, NaN before the first request").register(registry);
    }

    private void counter(MeterRegistry registry, Tags tags, String name, String description,
                         ToDoubleFunction<MetricsSnapshot> value) {
        FunctionCounter.builder(name, this, b -> b.read(value)).tags(tags).description(description).register(registry);
    }

    private void gauge(MeterRegistry registry, Tags tags, String name, String description, PipelineValue value) {
        Gauge.builder(name, this, b -> b.gauge(value)).tags(tags).description(description).register(registry);
    }

    private double read(ToDoubleFunction<MetricsSnapshot> value) {
        Pipeline<?> pipeline = logging.pipeline();
        return pipeline == null ? 0 : value.applyAsDouble(pipeline.metrics());
    }

    private double gauge(PipelineValue value) {
        Pipeline<?> pipeline = logging.pipeline();
        return pipeline == null ? Double.NaN : value.of(pipeline, pipeline.metrics());
    }

    private double sinkUp() {
        Pipeline<?> pipeline = logging.pipeline();
        if (pipeline == null) {
            return Double.NaN;
        }
        SinkStatus status = pipeline.sinkStatus();
        return status.state() == SinkStatus.State.UNKNOWN ? Double.NaN : status.failing() ? 0 : 1;
    }

    @FunctionalInterface
    private interface PipelineValue {
        double of(Pipeline<?> pipeline, MetricsSnapshot metrics);
    }
}
