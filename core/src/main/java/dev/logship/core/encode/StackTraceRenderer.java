package dev.logship.core.encode;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Renders a throwable as the text {@code printStackTrace()} would print: causes, suppressed
 * exceptions, "... n more" for frames shared with the enclosing trace, and
 * {@code [CIRCULAR REFERENCE: ...]} where a cause chain loops. Never calls the throwable's own
 * {@code toString()} unguarded, and stops once the text passes a character limit. Reuses one
 * buffer: one instance per encode thread.
 */
public final class StackTraceRenderer {
    private static final StackTraceElement[] NO_FRAMES = new StackTraceElement[0];

    private final StringBuilder out = new StringBuilder(4096);
    private final Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final int maxFrames;
    private int limit;

    /** @param maxFrames frames written per throwable before "... n more" ({@code 0}: all of them) */
    public StackTraceRenderer(int maxFrames) {
        this.maxFrames = maxFrames <= 0 ? Integer.MAX_VALUE : maxFrames;
    }

    /**
     * Renders into the reusable buffer, stopping soon after {@code maxChars}; the caller cuts the
     * result to its limit. Valid until the next call.
     */
    public StringBuilder render(Throwable t, int maxChars) {
        out.setLength(0);
        seen.clear();
        limit = maxChars;
        write(t, NO_FRAMES, "", "");
        if (out.capacity() > (1 << 20) && out.length() < (1 << 16)) {
            out.trimToSize();
        }
        return out;
    }

    /** The header line of a throwable: its class name, and ": message" when it has one. */
    public static String header(Throwable t) {
        String message = message(t);
        return message == null ? t.getClass().getName() : t.getClass().getName() + ": " + message;
    }

    /** {@code getLocalizedMessage()}, or a marker when it throws. */
    public static String message(Throwable t) {
        try {
            return t.getLocalizedMessage();
        } catch (Throwable failure) {
            return "[getMessage() threw " + failure.getClass().getName() + "]";
        }
    }

    /** Follows the cause chain in a loop, so that a very long chain cannot overflow the stack. */
    private void write(Throwable t, StackTraceElement[] enclosing, String caption, String indent) {
        while (t != null && out.length() <= limit) {
            if (!seen.add(t)) {
                out.append(indent).append(caption).append("[CIRCULAR REFERENCE: ").append(header(t)).append("]\n");
                return;
            }
            out.append(indent).append(caption).append(header(t)).append('\n');
            StackTraceElement[] frames = frames(t);
            int unique = frames.length - framesInCommon(frames, enclosing);
            int shown = Math.min(unique, maxFrames);
            for (int i = 0; i < shown && out.length() <= limit; i++) {
                out.append(indent).append("\tat ").append(frames[i]).append('\n');
            }
            if (frames.length > shown) {
                out.append(indent).append("\t... ").append(frames.length - shown).append(" more\n");
            }
            for (Throwable suppressed : suppressed(t)) {
                write(suppressed, frames, "Suppressed: ", indent + "\t");
            }
            t = cause(t);
            enclosing = frames;
            caption = "Caused by: ";
        }
    }

    private static int framesInCommon(StackTraceElement[] frames, StackTraceElement[] enclosing) {
        int m = frames.length - 1;
        int n = enclosing.length - 1;
        int common = 0;
        while (m >= 0 && n >= 0 && frames[m].equals(enclosing[n])) {
            m--;
            n--;
            common++;
        }
        return common;
    }

    private static StackTraceElement[] frames(Throwable t) {
        try {
            StackTraceElement[] frames = t.getStackTrace();
            return frames == null ? NO_FRAMES : frames;
        } catch (Throwable failure) {
            return NO_FRAMES;
        }
    }

    private static Throwable[] suppressed(Throwable t) {
        try {
            return t.getSuppressed();
        } catch (Throwable failure) {
            return new Throwable[0];
        }
    }

    private static Throwable cause(Throwable t) {
        try {
            return t.getCause();
        } catch (Throwable failure) {
            return null;
        }
    }
}
