package dev.logship.core.deliver;

import dev.logship.core.batch.Batch;
import dev.logship.core.compress.Compressor;
import dev.logship.core.diag.Diagnostics;
import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.PipelineMetrics;
import dev.logship.core.encode.JsonBuffer;
import dev.logship.core.spill.SpillMode;
import dev.logship.core.spill.SpillStore;
import java.io.IOException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Drains the spill store into the sink, oldest record first, on its own thread: only while a live
 * sender is idle (fresh events go first; in write-ahead mode every batch comes this way), at most
 * {@code replayRate} events per second, and with exponential backoff while the sink does not take
 * them.
 */
public final class Replayer {
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final SpillStore store;
    private final Deliverer deliverer;
    private final PipelineMetrics metrics;
    private final Diagnostics diagnostics;
    private final RetryPolicy backoff;
    private final Supplier<Compressor> compressors;
    private final Thread thread;
    private final int rate;
    private final boolean writeAhead;
    private volatile boolean running = true;
    private volatile boolean draining;
    private int failures;
    private double tokens;
    private long tokensAt = System.nanoTime();

    /**
     * @param compressors the deliverer's codec, asked for once the sink is known ({@code compression=auto})
     */
    public Replayer(SpillStore store, Deliverer deliverer, Supplier<Compressor> compressors, RetryPolicy backoff,
                    PipelineMetrics metrics, Diagnostics diagnostics, ThreadFactory threads) {
        this.store = store;
        this.deliverer = deliverer;
        this.compressors = compressors;
        this.backoff = backoff;
        this.metrics = metrics;
        this.diagnostics = diagnostics;
        this.rate = store.settings().replayRate();
        this.writeAhead = store.settings().mode() == SpillMode.WRITE_AHEAD;
        this.thread = threads.newThread(this::run);
    }

    public void start() {
        thread.start();
    }

    /**
     * Stops after the record in hand. With {@code drainUntilNanos} in the future it first keeps replaying,
     * regardless of live traffic and rate, until the store is empty or that time (a write-ahead store at
     * shutdown); what remains is replayed by the next run.
     */
    /** Waits up to {@code millis} for the thread to end (after {@link #stop}); true when it has. */
    public boolean awaitExit(long millis) throws InterruptedException {
        thread.join(Math.max(1, millis));
        return !thread.isAlive();
    }

    public void stop(long drainUntilNanos) throws InterruptedException {
        if (System.nanoTime() - drainUntilNanos < 0) {
            draining = true;
            while (store.pendingEvents() > 0 && System.nanoTime() - drainUntilNanos < 0 && thread.isAlive()) {
                Thread.sleep(5);
            }
        }
        running = false;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }

    private void run() {
        Compressor compressor = null;
        Batch batch = new Batch(64 * 1024);
        JsonBuffer body = new JsonBuffer(64 * 1024);
        try {
            compressor = compressors.get();
            while (running) {
                long wait;
                try {
                    wait = step(batch, compressor, body);
                } catch (IOException | RuntimeException e) { // the store or the sink failed this step: report, back off
                    failures++;
                    wait = backoff.delayNanos(failures, null);
                    if (failures == 1 || failures % 20 == 0) {
                        diagnostics.warn("logship: replaying the spill store failed (" + e + "); retrying in "
                                + TimeUnit.NANOSECONDS.toMillis(wait) + " ms", e);
                    }
                }
                batch.clear(8 << 20);
                body.shrinkTo(8 << 20);
                if (wait > 0) {
                    pause(wait);
                }
            }
        } catch (InterruptedException stopping) {
            // stop() asked
        } catch (Throwable unexpected) { // report, never take the application down
            diagnostics.error("logship: the spill replayer stopped unexpectedly; spilled events stay on disk for "
                    + "the next run", unexpected);
        } finally {
            if (compressor != null) {
                compressor.close();
            }
        }
    }

    private boolean codecReported;

    /**
     * Sleeps {@code nanos}; while backing off after failures, wakes early once the sink has taken a request since
     * (a live batch delivered, say), so that the backlog follows as soon as the sink is back rather than after the
     * rest of a backoff that may have grown to {@code maxBackoff}.
     */
    private void pause(long nanos) throws InterruptedException {
        if (failures == 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
            return;
        }
        long since = System.currentTimeMillis();
        long until = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = until - System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            if (deliverer.sinkStatus().lastSuccessMillis() > since) {
                failures = 0;
                return;
            }
        }
    }

    /** One record, or a reason to wait: returns how long to sleep before the next step. */
    private long step(Batch batch, Compressor compressor, JsonBuffer body) throws IOException {
        if (store.pendingEvents() == 0) {
            return IDLE_NANOS;
        }
        boolean urgent = draining || writeAhead;
        if (!urgent && deliverer.inFlight() >= deliverer.maxInFlight()) {
            return TimeUnit.MILLISECONDS.toNanos(20); // live batches first
        }
        SpillStore.Record record = store.peek();
        if (record == null) {
            return IDLE_NANOS;
        }
        if (!urgent && rate > 0) {
            long wait = waitForTokens(record.events());
            if (wait > 0) {
                store.release(record);
                return wait;
            }
        }
        try {
            record.readInto(batch);
        } catch (LinkageError codecMissing) { // zstd records, and zstd-jni cannot load here: keep them for a run that can
            store.release(record);
            if (!codecReported) {
                codecReported = true;
                diagnostics.error("logship: a spilled " + record + " cannot be decompressed here (" + codecMissing
                        + "); the spill store keeps it for a run where its codec loads", null);
            }
            return TimeUnit.MINUTES.toNanos(1);
        } catch (IOException | RuntimeException unreadable) {
            metrics.corruptRecord();
            metrics.droppedStored(DropReason.SPILL_CORRUPT, record.events());
            diagnostics.warn("logship: a spilled " + record + " cannot be read back (" + unreadable.getMessage()
                    + "); its events are counted as lost (corrupt spill record)", null);
            store.ack(record);
            return 0;
        }
        Deliverer.Replayed replayed;
        try {
            replayed = deliverer.replay(batch, compressor, body);
        } catch (RuntimeException e) {
            store.release(record);
            throw e;
        }
        if (replayed == Deliverer.Replayed.SETTLED) {
            store.ack(record);
            failures = 0;
            tokens -= record.events();
            return 0;
        }
        store.release(record);
        failures++;
        return backoff.delayNanos(failures, null);
    }

    /**
     * Token bucket of {@code rate} events per second that holds at most what the record in hand needs (and never
     * more than a second's worth): no burst builds up while the sink is down or live traffic has the senders, so
     * over any interval the replayer sends at most {@code rate} × the interval + one record.
     */
    private long waitForTokens(int events) {
        long now = System.nanoTime();
        double need = Math.min(events, rate);
        tokens = Math.min(need, tokens + (now - tokensAt) * (rate / 1e9));
        tokensAt = now;
        return tokens >= need ? 0 : (long) Math.ceil((need - tokens) / rate * 1e9);
    }
}
