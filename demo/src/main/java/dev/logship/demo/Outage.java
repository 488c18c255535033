package dev.logship.demo;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Takes the sink away {@code after} the start for {@code length}, on its own thread. */
final class Outage extends Thread {
    private final SwitchableProxy sink;
    private final Duration length;
    private final Duration after;
    private volatile long endsAtNanos;
    private volatile boolean down;

    Outage(SwitchableProxy sink, Duration length, Duration after) {
        super("demo-outage");
        setDaemon(true);
        this.sink = sink;
        this.length = length;
        this.after = after;
    }

    @Override
    public void run() {
        if (length.isZero()) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(after.toNanos());
            endsAtNanos = System.nanoTime() + length.toNanos();
            sink.down();
            down = true;
            TimeUnit.NANOSECONDS.sleep(length.toNanos());
            sink.up();
            down = false;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("the outage could not be staged", e);
        }
    }

    /** "sink DOWN (back in 3s)" or "sink up". */
    String state() {
        return down ? "sink DOWN (back in " + Math.max(0, TimeUnit.NANOSECONDS.toSeconds(endsAtNanos - System.nanoTime()) + 1)
                + "s)" : "sink up";
    }
}
