package dev.logship.demo;

import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.logback.LogshipAppender;
import java.util.concurrent.TimeUnit;

/** A live progress line: rewritten in place on a terminal, printed every few seconds otherwise. */
final class Progress extends Thread {
    private final Screen screen;
    private final CheckoutService service;
    private final LogshipAppender appender;
    private final Outage outage;
    private final int events;
    private final long start = System.nanoTime();
    private volatile boolean finished;

    Progress(Screen screen, CheckoutService service, LogshipAppender appender, Outage outage, int events) {
        super("demo-progress");
        setDaemon(true);
        this.screen = screen;
        this.service = service;
        this.appender = appender;
        this.outage = outage;
        this.events = events;
    }

    @Override
    public void run() {
        while (!finished) {
            screen.progress(line());
            try {
                TimeUnit.MILLISECONDS.sleep(screen.terminal() ? 250 : 2000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    String line() {
        MetricsSnapshot m = appender.metrics();
        return String.format("  [%5.1fs] logged %,d/%,d · delivered %,d · spilled %,d · replayed %,d · dropped %,d · %s",
                (System.nanoTime() - start) / 1e9, service.logged(), events, m.delivered() + m.replayed(),
                m.spilled(), m.replayed(), m.droppedTotal(), outage.state());
    }

    void finish() throws InterruptedException {
        finished = true;
        interrupt();
        join();
        screen.progress(line());
        screen.endProgress();
    }
}
