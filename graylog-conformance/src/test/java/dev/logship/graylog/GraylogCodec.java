package dev.logship.graylog;

import com.codahale.metrics.MetricRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.graylog2.inputs.codecs.GelfChunkAggregator;
import org.graylog2.inputs.codecs.GelfCodec;
import org.graylog2.inputs.codecs.gelf.GELFBulkDroppedMsgService;
import org.graylog2.inputs.diagnosis.InputDiagnosisMetrics;
import org.graylog2.plugin.GraylogMessageFactories;
import org.graylog2.plugin.Message;
import org.graylog2.plugin.configuration.Configuration;
import org.graylog2.plugin.inputs.codecs.CodecAggregator;
import org.graylog2.plugin.inputs.failure.InputProcessingException;
import org.graylog2.plugin.journal.RawMessage;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Graylog's real GELF decoder ({@link GelfCodec} plus its {@link GelfChunkAggregator}), built the way a
 * Graylog 6.3.7 node builds it, minus Guice.
 *
 * <p>{@link #decode(byte[])} takes one plain, gzip or zlib GELF payload; {@link #decodeChunks(List)} feeds
 * UDP datagrams (chunked or not) through the aggregator first. An empty result means Graylog rejected or
 * dropped the input. Thread-safe (the Graylog classes are); {@link #close()} stops the aggregator's
 * expiry thread.
 */
public final class GraylogCodec implements AutoCloseable {

    private final MetricRegistry metrics = new MetricRegistry();
    private final ScheduledExecutorService scheduler;
    private final GelfChunkAggregator aggregator;
    private final GelfCodec codec;

    public GraylogCodec() {
        this(Map.of());
    }

    /** @param codecConfig GELF codec options, e.g. {@code decompress_size_limit} (default 8 MiB). */
    public GraylogCodec(Map<String, Object> codecConfig) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "graylog-gelf-chunk-expiry");
            t.setDaemon(true);
            return t;
        });
        this.aggregator = new GelfChunkAggregator(scheduler, metrics);
        this.codec = new GelfCodec(new Configuration(codecConfig), aggregator,
                GraylogMessageFactories.defaultFactory(),
                new GELFBulkDroppedMsgService(new InputDiagnosisMetrics(metrics)));
    }

    /**
     * Decodes one complete GELF payload (plain JSON, gzip or zlib) exactly as Graylog would; empty if Graylog
     * rejects it. Use {@link #decodeOrThrow(byte[])} to see why.
     */
    public Optional<Message> decode(byte[] payload) {
        return decode(new RawMessage(payload));
    }

    /** Decodes a raw message as handed over by one of Graylog's transports; empty if Graylog rejects it. */
    public Optional<Message> decode(RawMessage raw) {
        try {
            return codec.decodeSafe(raw);
        } catch (InputProcessingException rejected) {
            return Optional.empty();
        }
    }

    /**
     * Decodes like {@link #decode(byte[])} but lets Graylog's rejection through: despite its name,
     * {@code GelfCodec.decodeSafe} throws {@link InputProcessingException} (invalid JSON, blank or non-text
     * {@code host}/{@code short_message}, ...). Throws {@link IllegalArgumentException} if the codec returns
     * nothing without saying why.
     */
    public Message decodeOrThrow(byte[] payload) {
        return codec.decodeSafe(new RawMessage(payload))
                .orElseThrow(() -> new IllegalArgumentException("Graylog's GelfCodec returned no message"));
    }

    /**
     * Feeds datagrams through Graylog's chunk aggregator, in order, and decodes the message that completes.
     * Returns empty if a datagram is rejected as invalid or no message completes.
     */
    public Optional<Message> decodeChunks(List<byte[]> datagrams) {
        for (byte[] datagram : datagrams) {
            CodecAggregator.Result result = aggregator.addChunk(Unpooled.wrappedBuffer(datagram));
            if (!result.isValid()) {
                return Optional.empty();
            }
            ByteBuf complete = result.getMessage();
            if (complete != null) {
                try {
                    return decode(ByteBufUtil.getBytes(complete));
                } finally {
                    complete.release();
                }
            }
        }
        return Optional.empty();
    }

    /** The real codec, for wiring into a transport. */
    public GelfCodec gelfCodec() {
        return codec;
    }

    /** The real chunk aggregator (also returned by {@code gelfCodec().getAggregator()}). */
    public GelfChunkAggregator aggregator() {
        return aggregator;
    }

    /** Metrics the codec and aggregator record (complete/expired/duplicate chunks, ...). */
    public MetricRegistry metrics() {
        return metrics;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
