package dev.logship.core.batch;

import dev.logship.core.encode.JsonBuffer;

/**
 * Encoded events on their way to the sink: the bytes of whole records and how many there are. A
 * fixed set of batches circulates between the batcher and the senders, which bounds memory.
 */
public final class Batch {
    private final JsonBuffer data;
    private int events;
    private int[] starts = new int[256];
    private long openedNanos;
    private long oldestMillis = Long.MAX_VALUE;
    private long newestMillis = Long.MIN_VALUE;
    private volatile long number;
    private long handedOverNanos;

    public Batch(int initialCapacity) {
        this.data = new JsonBuffer(initialCapacity);
    }

    public JsonBuffer data() {
        return data;
    }

    public int events() {
        return events;
    }

    /** When the first event went in ({@link System#nanoTime()}), for {@code linger}. */
    public long openedNanos() {
        return openedNanos;
    }

    /** The batch's place in the order batches were cut (1, 2, ...), set when it is handed over. */
    public long number() {
        return number;
    }

    void number(long value) {
        this.number = value;
    }

    /**
     * When the batch was handed to the senders ({@link System#nanoTime()}), for the delivery latency; 0 for a batch
     * that was not (one read back from the spill store, or one not yet handed over).
     */
    public long handedOverNanos() {
        return handedOverNanos;
    }

    /** Marks the batch as handed to the senders at {@code nanos}; {@link #clear} unmarks it. */
    public void handedOver(long nanos) {
        this.handedOverNanos = nanos;
    }

    public boolean isEmpty() {
        return events == 0;
    }

    void open(long nowNanos) {
        openedNanos = nowNanos;
    }

    /** One more event, whose record starts at {@code start} in {@link #data()}, logged at {@code epochMillis}. */
    void added(int start, long epochMillis) {
        oldestMillis = Math.min(oldestMillis, epochMillis);
        newestMillis = Math.max(newestMillis, epochMillis);
        added(start);
    }

    /** Appends one whole record (an event as the sink's wire form), as when a stored batch is read back. */
    public void appendRecord(byte[] source, int offset, int length) {
        int start = data.size();
        data.write(source, offset, length);
        added(start);
    }

    /** The earliest event time in the batch (epoch ms), or {@link Long#MAX_VALUE} when unknown. */
    public long oldestMillis() {
        return oldestMillis;
    }

    /** The latest event time in the batch (epoch ms), or {@link Long#MIN_VALUE} when unknown. */
    public long newestMillis() {
        return newestMillis;
    }

    /** Sets the event time span, as when a stored batch is read back. */
    public void timeSpan(long oldest, long newest) {
        oldestMillis = oldest;
        newestMillis = newest;
    }

    private void added(int start) {
        if (events == starts.length) {
            starts = java.util.Arrays.copyOf(starts, events * 2);
        }
        starts[events++] = start;
    }

    void removeLast() {
        events--;
    }

    /** Where event {@code index}'s record starts in {@link #data()}. */
    public int recordStart(int index) {
        return starts[index];
    }

    /** Where event {@code index}'s record ends (exclusive) in {@link #data()}. */
    public int recordEnd(int index) {
        return index + 1 < events ? starts[index + 1] : data.size();
    }

    /** Makes the batch empty for reuse, releasing a buffer that grew past {@code maxRetained}. */
    public void clear(int maxRetained) {
        data.reset();
        data.shrinkTo(maxRetained);
        events = 0;
        handedOverNanos = 0;
        oldestMillis = Long.MAX_VALUE;
        newestMillis = Long.MIN_VALUE;
    }
}
