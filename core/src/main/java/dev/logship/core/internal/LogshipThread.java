package dev.logship.core.internal;

/**
 * Every thread logship starts is one of these, so an appender can tell in one {@code instanceof}
 * that an event was logged by logship itself (HttpClient's logging, say) and must not be shipped.
 */
public final class LogshipThread extends Thread {

    public LogshipThread(Runnable task, String name) {
        super(task, name);
        setDaemon(true);
    }

    /** True when the calling thread belongs to logship. */
    public static boolean isCurrent() {
        return Thread.currentThread() instanceof LogshipThread;
    }
}
