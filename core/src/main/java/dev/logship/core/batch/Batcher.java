package dev.logship.core.batch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.logship.core.buffer.RingConsumer;
import dev.logship.core.deliver.Deliverer;
import dev.logship.core.diag.Diagnostics;
import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.DropReporter;
import dev.logship.core.diag.PipelineMetrics;
import dev.logship.core.encode.EncodeLimits;
import dev.logship.core.encode.EventEncoder;
import dev.logship.core.encode.JsonBuffer;
import dev.logship.core.event.EventIdGenerator;
import dev.logship.core.event.EventReader;
import dev.logship.core.event.LogEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The encode and batch stages, on the ring's single consumer thread: each event is encoded with
 * Jackson's streaming generator straight into the current batch's buffer (re-encoded truncated when
 * it exceeds {@code maxEventBytes}), and the batch is cut at {@code maxEvents} or {@code maxBytes},
 * or at the Disruptor's {@code endOfBatch} / an idle tick once it is {@code linger} old or a flush
 * asks for it.
 *
 * @param <E> what the appender captured
 */
public final class Batcher<E> implements RingConsumer<E> {
    static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .build();

    private final EventReader<E> reader;
    private final EventEncoder encoder;
    private final Deliverer deliverer;
    private final PipelineMetrics metrics;
    private final Diagnostics diagnostics;
    private final DropReporter reporter;
    private final BatchLimits limits;
    private final EncodeLimits full;
    private final EncodeLimits truncated;
    private final EncodeLimits minimal;
    private final EventIdGenerator ids = new EventIdGenerator();
    private final Target target = new Target();
    private JsonGenerator generator;
    private Batch current;
    private long cutThrough = -1;
    private long batchesCut;
    private volatile long flushedThrough = -1;
    private volatile long flushedBatches;
    private long encodedEvents;
    private long lastMillis;
    private long encodedBytes;
    private long encodeFailures;
    private final AtomicLong flushUpTo = new AtomicLong(-1);
    private volatile long stopDeadlineNanos = Long.MAX_VALUE;

    public Batcher(EventReader<E> reader, EventEncoder encoder, Deliverer deliverer, BatchLimits limits,
                   PipelineMetrics metrics, Diagnostics diagnostics) {
        this.reader = reader;
        this.encoder = encoder;
        this.deliverer = deliverer;
        this.limits = limits;
        this.metrics = metrics;
        this.diagnostics = diagnostics;
        this.reporter = new DropReporter(metrics, diagnostics, TimeUnit.SECONDS.toNanos(10), System.nanoTime());
        // a first pass bounded too: no single value or entry count may blow the buffer far past the limit
        this.full = new EncodeLimits(Integer.MAX_VALUE, limits.maxEventBytes(), limits.maxEventBytes(), 10_000, false);
        this.truncated = EncodeLimits.truncated(limits.maxEventBytes());
        this.minimal = EncodeLimits.minimal(limits.maxEventBytes());
    }

    /** Asks for every event up to {@code sequence} to be cut into a batch without waiting for linger. */
    public void requestFlush(long sequence) {
        flushUpTo.accumulateAndGet(sequence, Math::max);
    }

    /**
     * Whether every event up to {@code sequence} has been cut into batches and handed over since a
     * flush asked for it; then {@link #flushedBatches()} is the number of the last batch it needs.
     */
    public boolean flushedThrough(long sequence) {
        return flushedThrough >= sequence;
    }

    /** Batches handed over when {@link #flushedThrough} last advanced. */
    public long flushedBatches() {
        return flushedBatches;
    }

    /** From now on, waiting for a free batch gives up at {@code deadlineNanos} (shutdown). */
    public void stopBy(long deadlineNanos) {
        stopDeadlineNanos = deadlineNanos;
    }

    @Override
    public void onEvent(E captured, Object attachment, long sequence, boolean endOfBatch) {
        if (current == null && !openBatch()) {
            metrics.dropped(DropReason.SHUTDOWN, 1);
        } else {
            encode(captured, attachment);
            if (current != null
                    && (current.events() >= limits.maxEvents() || current.data().size() >= limits.maxBytes())) {
                cut();
            }
        }
        if (endOfBatch) {
            onTick(sequence);
        }
    }

    @Override
    public void onIdle(long sequence) {
        onTick(sequence);
    }

    @Override
    public void onShutdown() {
        cut();
        reporter.maybeReport(System.nanoTime(), true);
    }

    /** Encoded counts are kept locally and published per Disruptor batch: two shared-counter updates per event cost. */
    private void publishCounts() {
        if (encodedEvents > 0) {
            metrics.encoded(encodedEvents, encodedBytes);
            encodedEvents = 0;
            encodedBytes = 0;
        }
    }

    private void onTick(long sequence) {
        publishCounts();
        long now = System.nanoTime();
        boolean flush = flushUpTo.get() > cutThrough;
        if (current != null && !current.isEmpty() && (flush || now - current.openedNanos() >= limits.lingerNanos())) {
            cut();
        }
        if (flush) {
            cutThrough = sequence;
            flushedBatches = batchesCut;
            flushedThrough = sequence;
        }
        reporter.maybeReport(now, false);
    }

    private void encode(E captured, Object attachment) {
        JsonBuffer data = current.data();
        int start = data.size();
        try {
            if (captured == null) {
                throw new IllegalStateException("an empty ring slot (its producer failed while publishing)");
            }
            LogEvent event = reader.read(captured, attachment);
            int size = encodeWithinLimit(event, data, start);
            if (size < 0) {
                return;
            }
            encodedEvents++;
            encodedBytes += size;
            if (current.isEmpty()) {
                current.open(System.nanoTime());
            }
            lastMillis = event.epochSecond() * 1000 + event.nanoOfSecond() / 1_000_000;
            current.added(start, lastMillis);
            if (current.events() > 1 && data.size() > limits.maxBytes()) {
                moveLastToNewBatch(start);
            }
        } catch (Throwable e) { // an event must never break the batch or the encode thread
            data.truncate(start);
            generator = null;
            encodeFailed(e);
        }
    }

    /** Encodes fully, else truncated, else minimal; returns the size written or -1 when dropped. */
    private int encodeWithinLimit(LogEvent event, JsonBuffer data, int start) {
        CharSequence message = event.message();
        EncodeLimits pass = message != null && message.length() > limits.maxEventBytes() ? truncated : full;
        char[] id = ids.next();
        while (true) {
            Throwable failure = null;
            try {
                encoder.encode(event, id, pass, generator());
                generator.flush();
            } catch (Throwable e) { // including OutOfMemoryError on a huge value: the next pass is smaller
                failure = e;
                generator = null;
            }
            int size = data.size() - start;
            if (failure == null && size <= limits.maxEventBytes()) {
                if (pass.truncated()) {
                    metrics.truncated();
                }
                return size;
            }
            data.truncate(start);
            if (pass == minimal) {
                encodeFailed(failure != null ? failure
                        : new IOException("event of " + size + " bytes exceeds maxEventBytes even when truncated"));
                return -1;
            }
            pass = pass == full ? truncated : minimal;
        }
    }

    private void encodeFailed(Throwable cause) {
        metrics.dropped(DropReason.ENCODE_FAILED, 1);
        if (encodeFailures++ % 1000 == 0) {
            diagnostics.warn("logship: an event could not be encoded and was dropped (" + encodeFailures
                    + " so far)", cause);
        }
    }

    private void moveLastToNewBatch(int start) {
        JsonBuffer data = current.data();
        byte[] last = java.util.Arrays.copyOfRange(data.array(), start, data.size());
        data.truncate(start);
        current.removeLast();
        cut();
        if (!openBatch()) {
            metrics.dropped(DropReason.SHUTDOWN, 1);
            return;
        }
        current.data().write(last, 0, last.length);
        current.open(System.nanoTime());
        current.added(0, lastMillis);
    }

    private boolean openBatch() {
        try {
            while (current == null) {
                long deadline = Math.min(stopDeadlineNanos, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));
                current = deliverer.acquire(deadline);
                if (current == null && System.nanoTime() - stopDeadlineNanos >= 0) {
                    return false;
                }
            }
            target.to(current.data());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Hands the current batch to the deliverer (if it holds anything) and opens none yet. */
    private void cut() {
        publishCounts();
        if (current == null || current.isEmpty()) {
            return;
        }
        current.number(++batchesCut);
        deliverer.submit(current);
        current = null;
    }

    private JsonGenerator generator() throws IOException {
        if (generator == null) {
            generator = JSON.createGenerator(target);
            generator.setRootValueSeparator(null);
        }
        return generator;
    }

    /** The generator's output, pointed at whichever batch is being filled. */
    private static final class Target extends OutputStream {
        private JsonBuffer buffer;

        void to(JsonBuffer next) {
            this.buffer = next;
        }

        @Override
        public void write(int b) {
            buffer.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            buffer.write(bytes, offset, length);
        }
    }
}
