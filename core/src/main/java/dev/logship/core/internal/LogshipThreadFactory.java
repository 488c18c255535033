package dev.logship.core.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names threads {@code logship-<appender>-<stage>[-n]} and makes them {@link LogshipThread}s. */
public final class LogshipThreadFactory implements ThreadFactory {
    private final String prefix;
    private final boolean numbered;
    private final AtomicInteger count = new AtomicInteger();

    public LogshipThreadFactory(String appender, String stage, boolean numbered) {
        this.prefix = "logship-" + appender + "-" + stage;
        this.numbered = numbered;
    }

    @Override
    public Thread newThread(Runnable task) {
        return new LogshipThread(task, numbered ? prefix + "-" + count.incrementAndGet() : prefix);
    }
}
