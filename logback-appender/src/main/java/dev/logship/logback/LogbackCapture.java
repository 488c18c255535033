package dev.logship.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.event.KeyValuePair;

/**
 * What the application thread does before an event enters the ring: fix everything that could
 * change later. The thread name and the MDC map are taken now (Logback caches both in the event;
 * its MDC map is copy-on-write, so taking it copies nothing). The message is formatted now only
 * when an argument is of a type that could change after the call; arguments that are immutable
 * (strings, boxed numbers, enums, UUIDs, java.time values) are formatted later on the encode
 * thread, which keeps that work and its garbage off the application thread.
 */
final class LogbackCapture {
    private LogbackCapture() {
    }

    static void prepare(ILoggingEvent event) {
        event.getThreadName();
        try {
            event.getMDCPropertyMap();
        } catch (RuntimeException noMdcAdapter) {
            // a LoggerContext built without an MDC adapter: the event simply has no MDC
        }
        Object[] args = event.getArgumentArray();
        if (args != null && !allImmutable(args)) {
            event.getFormattedMessage();
        }
        List<KeyValuePair> keyValues = event.getKeyValuePairs();
        if (keyValues != null && event instanceof LoggingEvent && !allImmutableValues(keyValues)) {
            ((LoggingEvent) event).setKeyValuePairs(frozen(keyValues));
        }
    }

    static boolean allImmutable(Object[] args) {
        for (Object arg : args) {
            if (!isImmutable(arg)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allImmutableValues(List<KeyValuePair> keyValues) {
        for (KeyValuePair pair : keyValues) {
            if (!isImmutable(pair.value)) {
                return false;
            }
        }
        return true;
    }

    /** Key-values whose mutable values are replaced by their text as of now. */
    private static List<KeyValuePair> frozen(List<KeyValuePair> keyValues) {
        List<KeyValuePair> copy = new ArrayList<>(keyValues.size());
        for (KeyValuePair pair : keyValues) {
            copy.add(isImmutable(pair.value) ? pair
                    : new KeyValuePair(pair.key, dev.logship.core.encode.SafeText.of(pair.value)));
        }
        return copy;
    }

    static boolean isImmutable(Object value) {
        if (value == null) {
            return true;
        }
        Class<?> type = value.getClass();
        return type == String.class || type == Integer.class || type == Long.class || type == Boolean.class
                || type == Double.class || type == Float.class || type == Short.class || type == Byte.class
                || type == Character.class || type == BigDecimal.class || type == BigInteger.class
                || type == UUID.class || type.isEnum() || (type.getPackageName().equals("java.time")
                && !type.isInterface());
    }
}
