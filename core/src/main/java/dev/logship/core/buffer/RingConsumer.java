package dev.logship.core.buffer;

/**
 * The single consumer of an {@link EventRing}, called on its encode thread. Mirrors the Disruptor's
 * {@code EventHandler} contract: {@code endOfBatch} is true on the last event currently available,
 * the natural point to flush.
 *
 * @param <E> what the appender captured
 */
public interface RingConsumer<E> {

    /**
     * One event, in publication order, with what the appender attached to it (or null). Must not throw
     * for bad data: count and go on.
     */
    void onEvent(E captured, Object attachment, long sequence, boolean endOfBatch);

    /** No event arrived within the wait timeout: a chance to act on time (linger, reports). */
    void onIdle(long sequence);

    /** The encode thread is about to end. */
    void onShutdown();
}
