package dev.logship.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import dev.logship.core.event.EventReader;
import dev.logship.core.event.Level;
import dev.logship.core.event.LogEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * Reads Logback events on the encode thread through one reused view: Logback never reuses an event
 * once created, so the ring holds the event itself and nothing is copied on the application thread
 * beyond what {@link LogbackCapture} prepares. A message whose arguments are all immutable is
 * formatted here, into one reused buffer, rather than by Logback (which allocates a map, a builder
 * and the result string per call); any other message was formatted and cached by the capture.
 */
final class LogbackEventReader implements EventReader<ILoggingEvent>, LogEvent {
    private ILoggingEvent event;
    private List<KeyValuePair> keyValues;
    private List<Marker> markers;
    private final StringBuilder formatted = new StringBuilder(512);
    private CharSequence message;
    private boolean messageRead;

    private Object[] args;
    private String frozenMessage;

    @Override
    public LogEvent read(ILoggingEvent captured, Object attachment) {
        this.event = captured;
        this.keyValues = captured.getKeyValuePairs();
        this.args = null;
        this.frozenMessage = null;
        if (attachment instanceof Object[]) {
            this.args = (Object[]) attachment;
        } else if (attachment instanceof LogbackCapture.Frozen) {
            LogbackCapture.Frozen frozen = (LogbackCapture.Frozen) attachment;
            this.args = frozen.args();
            this.frozenMessage = frozen.message();
            if (frozen.keyValues() != null) {
                this.keyValues = frozen.keyValues();
            }
        }
        this.markers = captured.getMarkerList();
        this.message = null;
        this.messageRead = false;
        return this;
    }

    @Override
    public long epochSecond() {
        Instant instant = event.getInstant();
        return instant != null ? instant.getEpochSecond() : Math.floorDiv(event.getTimeStamp(), 1000);
    }

    @Override
    public int nanoOfSecond() {
        Instant instant = event.getInstant();
        return instant != null ? instant.getNano() : (int) Math.floorMod(event.getTimeStamp(), 1000) * 1_000_000;
    }

    @Override
    public Level level() {
        switch (event.getLevel().toInt()) {
            case ch.qos.logback.classic.Level.ERROR_INT: return Level.ERROR;
            case ch.qos.logback.classic.Level.WARN_INT: return Level.WARN;
            case ch.qos.logback.classic.Level.INFO_INT: return Level.INFO;
            case ch.qos.logback.classic.Level.DEBUG_INT: return Level.DEBUG;
            default: return Level.TRACE;
        }
    }

    @Override
    public String loggerName() {
        String name = event.getLoggerName();
        return name == null ? "" : name;
    }

    @Override
    public String threadName() {
        return event.getThreadName();
    }

    @Override
    public CharSequence message() {
        if (!messageRead) {
            message = formatMessage();
            messageRead = true;
        }
        return message;
    }

    /** Formats once per event (the batcher and the encoder both ask for the message). */
    private CharSequence formatMessage() {
        if (frozenMessage != null) {
            return frozenMessage;
        }
        if (args == null || args.length == 0) {
            return event.getArgumentArray() == null ? event.getMessage() : event.getFormattedMessage();
        }
        if (formatted.capacity() > (1 << 20)) {
            formatted.setLength(0);
            formatted.trimToSize();
        }
        formatted.setLength(0);
        return MessageFormatting.format(event.getMessage(), args, formatted) ? formatted : null;
    }

    @Override
    public Map<String, String> mdc() {
        Map<String, String> mdc;
        try {
            mdc = event.getMDCPropertyMap();
        } catch (RuntimeException noMdcAdapter) {
            return Map.of();
        }
        return mdc == null ? Map.of() : mdc;
    }

    @Override
    public int keyValueCount() {
        return keyValues == null ? 0 : keyValues.size();
    }

    @Override
    public String keyValueKey(int index) {
        return keyValues.get(index).key;
    }

    @Override
    public Object keyValueValue(int index) {
        return keyValues.get(index).value;
    }

    @Override
    public int tagCount() {
        return markers == null ? 0 : markers.size();
    }

    @Override
    public String tag(int index) {
        Marker marker = markers.get(index);
        return marker == null ? "null" : marker.getName();
    }

    @Override
    public Throwable throwable() {
        IThrowableProxy proxy = event.getThrowableProxy();
        return proxy instanceof ThrowableProxy ? ((ThrowableProxy) proxy).getThrowable() : null;
    }
}
