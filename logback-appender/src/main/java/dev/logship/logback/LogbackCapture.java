package dev.logship.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.logship.core.encode.SafeText;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * What the application thread does before an event enters the ring: fix everything that could
 * change later, without changing the shared Logback event (other appenders read it too).
 *
 * <ul>
 *   <li>The thread name and the MDC map are taken now (Logback caches both in the event; its MDC map
 *       is copy-on-write, so taking it copies nothing).</li>
 *   <li>When every argument is immutable (strings, boxed numbers, enums, UUIDs, java.time values),
 *       the message is formatted later on the encode thread, from a copy of the argument array taken
 *       now (a caller may reuse its array); that keeps formatting and its garbage off the
 *       application thread. Otherwise Logback formats it now.</li>
 *   <li>Key-values whose values could change are frozen to text now.</li>
 * </ul>
 *
 * The result is the attachment the ring carries beside the event: null, the copied arguments
 * ({@code Object[]}), or a {@link Frozen}.
 */
final class LogbackCapture {
    private LogbackCapture() {
    }

    /** Message and key-values fixed on the application thread; a null field means "read the event". */
    record Frozen(String message, Object[] args, List<KeyValuePair> keyValues) {
    }

    static Object prepare(ILoggingEvent event) {
        event.getThreadName();
        try {
            event.getMDCPropertyMap();
        } catch (RuntimeException noMdcAdapter) {
            // a LoggerContext built without an MDC adapter: the event simply has no MDC
        }
        Object[] args = event.getArgumentArray();
        boolean deferred = args == null || allImmutable(args);
        Object[] copy = args == null || !deferred ? null : args.clone();
        List<KeyValuePair> keyValues = event.getKeyValuePairs();
        if (keyValues != null && !allImmutableValues(keyValues)) {
            return new Frozen(deferred ? null : event.getFormattedMessage(), copy, frozen(keyValues));
        }
        return deferred ? copy : new Frozen(event.getFormattedMessage(), null, null);
    }

    static boolean allImmutable(Object[] args) {
        for (Object arg : args) {
            if (!SafeText.isImmutable(arg)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allImmutableValues(List<KeyValuePair> keyValues) {
        for (KeyValuePair pair : keyValues) {
            if (!SafeText.isImmutable(pair.value)) {
                return false;
            }
        }
        return true;
    }

    /** Key-values whose mutable values are replaced by their text as of now. */
    private static List<KeyValuePair> frozen(List<KeyValuePair> keyValues) {
        List<KeyValuePair> copy = new ArrayList<>(keyValues.size());
        for (KeyValuePair pair : keyValues) {
            copy.add(SafeText.isImmutable(pair.value) ? pair : new KeyValuePair(pair.key, SafeText.of(pair.value)));
        }
        return copy;
    }

}
