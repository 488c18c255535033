package dev.logship.core.encode;

/**
 * How much of an event an encoder may write. An event is first encoded {@link #FULL}; when it comes
 * out larger than {@code maxEventBytes} it is encoded again {@link #truncated}, and if even that is
 * too large, {@link #minimal}. Each pass after the first marks the event as truncated.
 *
 * <p>Bounds for the minimal pass, with JSON's worst case of 6 bytes per character (a control
 * character written as {@code \u0000}): the message is at most {@code maxEventBytes/16} characters,
 * logger and thread 128, and nothing else of the event is written, so it fits any
 * {@code maxEventBytes} of at least {@value #MIN_EVENT_BYTES}.
 *
 * @param messageChars  longest message written
 * @param traceChars    longest stack trace written ({@code 0}: none)
 * @param fieldChars    longest other text value (logger, thread, MDC and key-value values, tags)
 * @param entries       most MDC entries, key-values and tags written, each
 * @param truncated     whether the event is marked as truncated
 */
public record EncodeLimits(int messageChars, int traceChars, int fieldChars, int entries, boolean truncated) {
    /** The smallest {@code maxEventBytes} accepted; the minimal pass always fits it. */
    public static final int MIN_EVENT_BYTES = 4096;

    public static final EncodeLimits FULL =
            new EncodeLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, false);

    /** Message and stack trace a quarter of the budget each (in characters), other values 1 KiB. */
    public static EncodeLimits truncated(int maxEventBytes) {
        return new EncodeLimits(maxEventBytes / 4, maxEventBytes / 4, 1024, 64, true);
    }

    /** Only the essentials, sized to fit any budget of at least {@value #MIN_EVENT_BYTES} bytes. */
    public static EncodeLimits minimal(int maxEventBytes) {
        return new EncodeLimits(maxEventBytes / 16, 0, 128, 0, true);
    }
}
