package dev.logship.core.sink;

import dev.logship.core.deliver.DeliveryResult;
import dev.logship.core.encode.EncoderSettings;
import dev.logship.core.encode.EventEncoder;
import java.io.Closeable;
import java.io.IOException;

/**
 * A destination's protocol: how events are framed for it, and how its answer to a batch reads.
 * Transport belongs to a sender the sink holds. Implementations are called by several sender
 * threads at once.
 */
public interface Sink extends Closeable {

    /** The encoder for this sink's wire format; one per encode thread. */
    EventEncoder encoder(EncoderSettings settings);

    /**
     * Sends one batch once: {@code body[0, length)} holds {@code events} records compressed as
     * {@code contentEncoding} (null: not compressed).
     *
     * @throws IOException for connection trouble; the deliverer retries those
     */
    DeliveryResult deliver(byte[] body, int length, String contentEncoding, int events) throws IOException;

    /**
     * Asks the server what it is, once, on a logship thread; null when this sink cannot tell.
     *
     * @throws IOException when the server cannot be reached
     */
    default ServerInfo detect() throws IOException {
        return null;
    }

    /**
     * Prepares the destination once after {@link #detect()} (an index template, say), on a logship thread,
     * reporting what it did or could not do; never throws.
     *
     * @param server what {@link #detect()} found, or null
     */
    default void bootstrap(ServerInfo server, dev.logship.core.diag.Diagnostics diagnostics) {
    }

    /**
     * At most this many events in one request: 1 for a destination that takes one message per request
     * (Graylog's GELF HTTP input without bulk receiving). The deliverer splits batches to fit.
     */
    default int maxEventsPerRequest() {
        return Integer.MAX_VALUE;
    }

    /**
     * At most this many bytes of records (before compression) in one request or message; the deliverer
     * splits batches to fit, and events are truncated at encoding so that one always fits.
     */
    default int maxRequestBytes() {
        return Integer.MAX_VALUE;
    }

    /**
     * How request bodies are compressed by the deliverer, given the configured {@code compression}: a
     * transport that takes no compression (GELF over TCP) or compresses each message itself (GELF over UDP)
     * answers {@link dev.logship.core.compress.Compression#NONE}.
     */
    default dev.logship.core.compress.Compression wireCompression(dev.logship.core.compress.Compression configured) {
        return configured;
    }

    /** A short description for messages, without secrets. */
    String describe();

    /** Releases connections; an attempt in progress fails with an {@link IOException}. */
    @Override
    void close();
}
