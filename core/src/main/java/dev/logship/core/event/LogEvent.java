package dev.logship.core.event;

import java.util.Map;

/**
 * The read-only view of one captured event that the encoders consume, on logship's own encode
 * thread. Index-based accessors keep encoding free of iterator and lambda allocations.
 *
 * <p>Implementations adapt a framework's event (see {@link EventReader}); every method may be
 * called more than once and must not throw for ordinary data.
 */
public interface LogEvent {

    /** Seconds since the epoch of the event's timestamp. */
    long epochSecond();

    /** Nanoseconds within {@link #epochSecond()}. */
    int nanoOfSecond();

    Level level();

    /** Never null. */
    String loggerName();

    /** May be null. */
    String threadName();

    /**
     * The formatted message; may be null. May be a buffer the implementation reuses, valid until the
     * next {@link EventReader#read}: copy it to keep it.
     */
    CharSequence message();

    /** The MDC / thread-context snapshot; never null. */
    Map<String, String> mdc();

    /** Number of structured key-values (SLF4J 2 key-values, Log4j2 map message fields). */
    int keyValueCount();

    String keyValueKey(int index);

    Object keyValueValue(int index);

    /** Number of tags (marker names). */
    int tagCount();

    String tag(int index);

    /** May be null. */
    Throwable throwable();
}
