package dev.logship.core.event;

/**
 * Turns what an appender put into the ring buffer into a {@link LogEvent} view. Called only on the
 * encode thread, so an implementation may return one reusable flyweight for every call.
 *
 * @param <E> what the appender captures: a framework event that is never reused (Logback), or a
 *            copy taken on the application thread (Log4j2's mutable events)
 */
@FunctionalInterface
public interface EventReader<E> {

    /**
     * Returns a view of {@code captured} valid until the next call.
     *
     * @param attachment what the appender put into the ring beside the event (a copy of its arguments,
     *                   say), or null
     */
    LogEvent read(E captured, Object attachment);

    /** For captures that already are {@link LogEvent}s. */
    static EventReader<LogEvent> identity() {
        return (e, attachment) -> e;
    }
}
