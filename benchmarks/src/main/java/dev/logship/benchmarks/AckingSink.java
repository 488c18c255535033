package dev.logship.benchmarks;

import dev.logship.core.deliver.DeliveryResult;
import dev.logship.core.deliver.HttpSender;
import dev.logship.core.encode.EncoderSettings;
import dev.logship.core.encode.EventEncoder;
import dev.logship.core.sink.ElasticsearchConfig;
import dev.logship.core.sink.ElasticsearchSink;
import dev.logship.core.sink.Sink;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * An in-process sink that acknowledges every batch at once, so that the pipeline always keeps up
 * and the ring buffer never holds back the application thread. Everything before the network is
 * real: events are encoded as Elasticsearch {@code _bulk} records (the encoder of a real
 * {@link ElasticsearchSink}, whose sender is never used) and batches are compressed by the
 * deliverer before they get here.
 */
final class AckingSink implements Sink {
    private final ElasticsearchSink format = new ElasticsearchSink(
            new ElasticsearchConfig(List.of(URI.create("http://127.0.0.1:9")), "logs-bench-default", null, null, null,
                    null, null, null),
            new HttpSender(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, Map.of()));
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    @Override
    public EventEncoder encoder(EncoderSettings settings) {
        return format.encoder(settings);
    }

    @Override
    public DeliveryResult deliver(byte[] body, int length, String contentEncoding, int events) {
        acknowledged.add(events);
        bytes.add(length);
        return DeliveryResult.done(events, Map.of());
    }

    /** Events acknowledged so far. */
    long acknowledged() {
        return acknowledged.sum();
    }

    /** Bytes received so far, as sent (compressed). */
    long bytes() {
        return bytes.sum();
    }

    @Override
    public String describe() {
        return "in-process acknowledging sink";
    }

    @Override
    public void close() {
        format.close();
    }
}
