package dev.logship.core.deliver;

import dev.logship.core.batch.Batch;
import dev.logship.core.compress.Compression;
import dev.logship.core.compress.Compressor;
import dev.logship.core.diag.Diagnostics;
import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.PipelineMetrics;
import dev.logship.core.encode.JsonBuffer;
import dev.logship.core.sink.Sink;
import dev.logship.core.batch.LossSummary;
import dev.logship.core.spill.SpillMode;
import dev.logship.core.spill.SpillStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The compress and deliver stages: {@code maxInFlight} sender threads, each compressing a batch
 * with its own reused compressor and sending it, retrying per the {@link RetryPolicy}. Exactly
 * {@code maxInFlight + 1} batches exist: the batcher fills one while the others are in flight, and
 * {@link #acquire} waits when all are busy, which is the back-pressure that makes the ring buffer's
 * overflow policy apply.
 */
public final class Deliverer {
    private final Sink sink;
    private final ServerDetection detection;
    private final RetryPolicy retry;
    private final PipelineMetrics metrics;
    private final DeliveryHealth health;
    private final Diagnostics diagnostics;
    private final DeadLetterFile deadLetters;
    private final ThreadLocal<JsonBuffer> pieceBuffer = ThreadLocal.withInitial(() -> new JsonBuffer(64 * 1024));
    private final java.util.Set<Batch> inFlightBatches = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final int retainBytes;
    private final BlockingQueue<Batch> free;
    private final BlockingQueue<Batch> ready;
    private final List<Thread> senders = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int maxInFlight;
    private volatile boolean abandoning;
    /** The last request a live sender made delivered or rejected events: the sink answers. */
    private volatile boolean sinkAnswers;
    /** How often an idle sender checks for losses waiting to be reported. */
    private static final long IDLE_CHECK_MILLIS = 1000;
    private SpillStore store;
    private SpillMode spillMode;
    private LossSummary lossSummary;

    public Deliverer(Sink sink, Compression compression, int maxInFlight, RetryPolicy retry, int batchMaxBytes,
                     PipelineMetrics metrics, Diagnostics diagnostics, ThreadFactory threads) {
        this(sink, compression, maxInFlight, retry, batchMaxBytes, metrics, diagnostics, threads, null);
    }

    /** @param deadLetters where events the sink rejects for good are kept, or null to only count them */
    public Deliverer(Sink sink, Compression compression, int maxInFlight, RetryPolicy retry, int batchMaxBytes,
                     PipelineMetrics metrics, Diagnostics diagnostics, ThreadFactory threads, DeadLetterFile deadLetters) {
        this.deadLetters = deadLetters;
        this.sink = sink;
        this.detection = new ServerDetection(sink, compression, diagnostics);
        this.retry = retry;
        this.metrics = metrics;
        this.health = new DeliveryHealth(diagnostics, sink.describe());
        this.diagnostics = diagnostics;
        this.retainBytes = batchMaxBytes + (batchMaxBytes >> 2);
        this.maxInFlight = maxInFlight;
        this.free = new ArrayBlockingQueue<>(maxInFlight + 1);
        this.ready = new ArrayBlockingQueue<>(maxInFlight + 1);
        for (int i = 0; i <= maxInFlight; i++) {
            free.add(new Batch(Math.min(batchMaxBytes, 64 * 1024)));
        }
        for (int i = 0; i < maxInFlight; i++) {
            senders.add(threads.newThread(this::sendLoop));
        }
    }

    /**
     * Keeps what cannot be delivered now in {@code spillStore} instead of dropping it: a batch cut while
     * every sender is busy or while the sink does not answer ({@link SpillMode#OVERFLOW}) or every batch
     * ({@link SpillMode#WRITE_AHEAD}),
     * the events of a batch whose retries ran out, and what is still queued when the shutdown deadline
     * passes. Call before {@link #start()}.
     */
    public void spillTo(SpillStore spillStore, SpillMode mode) {
        this.store = spillStore;
        this.spillMode = mode;
    }

    /** Sends a {@link LossSummary} once delivery works after losses. Call before {@link #start()}. */
    public void reportLosses(LossSummary summary) {
        this.lossSummary = summary;
    }

    public void start() {
        senders.forEach(Thread::start);
    }

    /** A compressor for the codec the senders use, once the sink is known (waits for detection on start). */
    public Compressor newCompressor() {
        return detectOnce().newCompressor();
    }

    /** Senders the live path has; the replayer only sends while one of them is idle. */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** An empty batch to fill, waiting until the deadline for one to come back from the senders. */
    public Batch acquire(long deadlineNanos) throws InterruptedException {
        return free.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /**
     * Hands a filled batch to the senders; never blocks (there is always room for every batch). With a
     * spill store, a batch that cannot be delivered now is written to the store here instead, so that the
     * batcher never waits for a slow sink and no sender retries it in memory: see {@link #spillNow()}.
     */
    public void submit(Batch batch) {
        if (spillNow()) {
            SpillStore.Appended appended = store.append(batch, null);
            if (appended == SpillStore.Appended.STORED) {
                metrics.spilled(batch.events());
                batch.clear(retainBytes);
                free.add(batch);
                return;
            }
            // the store cannot take it (full, or a disk error): the senders still can, later
        }
        batch.handedOver(System.nanoTime());
        inFlight.incrementAndGet();
        inFlightBatches.add(batch);
        ready.add(batch);
    }

    /**
     * Whether a new batch goes to the spill store rather than to a sender: every batch in write-ahead mode; in
     * overflow mode, one that no sender is free to take, and one cut while the sink is {@link DeliveryHealth#down()
     * down} (a live request got no answer, and no request got one since; a few throttled items of a bulk reply do
     * not count) and another batch is already in flight. That one batch probes the sink with the retry policy, as
     * the replayer does with the backlog: whichever gets through first resumes live delivery and wakes the other
     * (the probe from its retry backoff, unless the sink asked for that wait with a {@code Retry-After}).
     */
    private boolean spillNow() {
        if (store == null) {
            return false;
        }
        return spillMode == SpillMode.WRITE_AHEAD || free.isEmpty() || (inFlight.get() > 0 && health.down());
    }

    /**
     * The number ({@link Batch#number()}) of the oldest batch handed over and not yet settled, or
     * {@link Long#MAX_VALUE} when none is: a flush waits until this passes the last batch it needs.
     */
    public long oldestInFlight() {
        long oldest = Long.MAX_VALUE;
        for (Batch batch : inFlightBatches) {
            oldest = Math.min(oldest, batch.number());
        }
        return oldest;
    }

    /** How the sink has answered: up, failing since when and why, or not asked yet. */
    public dev.logship.core.diag.SinkStatus sinkStatus() {
        return health.status();
    }

    /** Batches handed over and not yet settled. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Waits until every submitted batch is settled, or the deadline passes. */
    public boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        while (inFlight.get() > 0) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /**
     * Stops the senders: waits until the deadline for what is in flight, then abandons the rest
     * (counted as {@link DropReason#SHUTDOWN}) and closes the sink.
     */
    public void stop(long deadlineNanos) throws InterruptedException {
        awaitIdle(deadlineNanos);
        abandoning = true;
        senders.forEach(Thread::interrupt);
        sink.close();
        long joinBy = Math.max(deadlineNanos, System.nanoTime()) + TimeUnit.SECONDS.toNanos(2);
        for (Thread sender : senders) {
            sender.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinBy - System.nanoTime())));
        }
        for (Batch batch; (batch = ready.poll()) != null; ) {
            settle(batch, new Settlement(0, Map.of(), DropReason.SHUTDOWN, store != null ? Pieces.all(batch.events()) : null));
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
    }

    private void sendLoop() {
        try (Compressor compressor = detectOnce().newCompressor()) {
            JsonBuffer body = new JsonBuffer(64 * 1024);
            while (!abandoning) {
                Batch batch;
                try {
                    batch = lossSummary == null ? ready.take() : ready.poll(IDLE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (batch == null) { // idle: losses that no later delivery carried are reported all the same
                    if (sinkAnswers) {
                        sendLossSummary(compressor, body);
                    }
                    continue;
                }
                Settlement settlement;
                try {
                    settlement = send(batch, compressor, body);
                } catch (Throwable unexpected) { // a sender must outlive whatever one batch does to it
                    diagnostics.error("logship: a batch of " + batch.events() + " events could not be sent and is "
                            + "dropped" + (unexpected instanceof LinkageError ? ServerDetection.linkageHint(unexpected) : ""), unexpected);
                    settlement = new Settlement(0, Map.of(), DropReason.DELIVERY_FAILED, null);
                }
                settle(batch, settlement);
                sinkAnswers = settlement.delivered() > 0 || !settlement.rejected().isEmpty();
                if (sinkAnswers) {
                    sendLossSummary(compressor, body);
                }
                body.shrinkTo(retainBytes);
            }
        }
    }

    private Compression detectOnce() {
        return detection.compression();
    }

    /**
     * The end of a batch: what was delivered, what was rejected, the events to keep in the spill store
     * (null or empty: none), and the reason the rest is lost.
     */
    private record Settlement(int delivered, Map<String, Integer> rejected, DropReason rest, int[] unsent) {
    }

    /**
     * Delivers a batch: the whole of it first; then, as the sink answers, only the events it asks to
     * have again (a bulk request with a few 429 items resends those items alone), and a request the sink
     * finds too large (413) in two halves. Each piece has the retry budget of the policy.
     */
    private Settlement send(Batch batch, Compressor compressor, JsonBuffer body) {
        return send(batch, compressor, body, retry.maxRetries(), true);
    }

    private Settlement send(Batch batch, Compressor compressor, JsonBuffer body, int maxRetries, boolean live) {
        Tally tally = new Tally(store != null);
        tally.replaying = !live;
        java.util.Deque<int[]> pieces = new java.util.ArrayDeque<>();
        Pieces.plan(batch, sink.maxEventsPerRequest(), sink.maxRequestBytes(), pieces);
        boolean first = live;
        while (!pieces.isEmpty()) {
            int[] piece = pieces.pop();
            if (tally.givenUp != null) { // the sink did not take an earlier piece within its retry budget:
                giveUp(piece, null, tally, tally.givenUp); // the rest would only wait as long again, each
                continue;
            }
            sendPiece(batch, piece, compressor, body, tally, pieces, first, maxRetries);
            first = false;
        }
        return new Settlement(tally.delivered, tally.rejected, tally.rest, tally.unsent());
    }

    private void sendPiece(Batch batch, int[] items, Compressor compressor, JsonBuffer body, Tally tally,
                           java.util.Deque<int[]> pieces, boolean firstRequest, int maxRetries) {
        DeliveryResult partial = null; // a whole-piece retry that still said some events were done
        for (int attempt = 0; ; attempt++) {
            compress(batch, items, compressor, body);
            if (firstRequest && attempt == 0) {
                metrics.batchSent(body.size());
            }
            DeliveryResult result = attempt(items.length, body);
            boolean unanswered = health.track(result, !tally.replaying);
            keepRejected(batch, items, result);
            boolean wholeRetry = result.outcome() == DeliveryResult.Outcome.RETRY && result.retryItems() == null;
            if (!wholeRetry) {
                tally.add(result);
            } else if (result.delivered() + result.rejectedCount() > 0 && (partial == null
                    || result.delivered() + result.rejectedCount() > partial.delivered() + partial.rejectedCount())) {
                partial = result; // counted only if no later attempt of this piece settles it
            }
            switch (result.outcome()) {
                case DONE:
                    health.succeeded();
                    if (result.rejectedCount() > 0) {
                        health.rejected(result.rejectedCount(), result.reason(), System.nanoTime());
                    }
                    return;
                case TOO_LARGE:
                    if (items.length > 1) {
                        pieces.push(java.util.Arrays.copyOfRange(items, items.length / 2, items.length));
                        pieces.push(java.util.Arrays.copyOfRange(items, 0, items.length / 2));
                    } else {
                        tally.rejected.merge("request_too_large", 1, Integer::sum);
                        keep(batch, items[0], "413 request_too_large: " + result.reason());
                        health.rejected(1, result.reason(), System.nanoTime());
                    }
                    return;
                case FAILED:
                    health.failed(result.reason(), System.nanoTime());
                    if (tally.replaying || tally.spill) {
                        // a refused request (401, 403, 400: credentials expired, say) keeps its events in the spill
                        // store, where they wait for the sink to take them; without a store they are lost, counted
                        tally.unsent.add(items);
                    } else {
                        tally.lost(items.length, DropReason.DELIVERY_FAILED);
                    }
                    return;
                default:
                    break;
            }
            health.failed(result.reason(), System.nanoTime());
            if (result.retryItems() != null) {
                items = Pieces.select(items, result.retryItems());
                if (items.length == 0) {
                    return;
                }
            }
            if (attempt >= maxRetries || abandoning) {
                giveUp(items, partial, tally, abandoning ? DropReason.SHUTDOWN : DropReason.DELIVERY_FAILED);
                return;
            }
            metrics.retried();
            try {
                backOff(retry.delayNanos(attempt + 1, result.retryAfter()), unanswered && result.retryAfter() == null);
            } catch (InterruptedException e) {
                giveUp(items, partial, tally, DropReason.SHUTDOWN);
                return;
            }
        }
    }

    /**
     * Waits before a retry; after a request the sink did not answer (and without its {@code Retry-After}), only until
     * another request gets an answer (the replayer's, say), so that the batch follows at once when the sink is back.
     */
    private void backOff(long nanos, boolean untilAnswered) throws InterruptedException {
        if (untilAnswered) {
            health.awaitAnswer(nanos);
        } else {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }

    /** Writes the records of the events the sink rejected into the dead-letter file, if there is one. */
    private void keepRejected(Batch batch, int[] items, DeliveryResult result) {
        for (DeliveryResult.Rejection rejection : result.rejections()) {
            if (rejection.position() >= 0 && rejection.position() < items.length) {
                keep(batch, items[rejection.position()], rejection.error());
            }
        }
    }

    private void keep(Batch batch, int item, String error) {
        if (deadLetters != null) {
            int start = batch.recordStart(item);
            deadLetters.write(batch.data().array(), start, batch.recordEnd(item) - start, error);
        }
    }

    /**
     * The piece's remaining events are kept in the spill store when there is one (all of them: which ones a
     * whole-piece retry already delivered is unknown, and the sink's ids make a second copy harmless);
     * otherwise lost, except what a whole-piece retry said was already done.
     */
    private static void giveUp(int[] items, DeliveryResult partial, Tally tally, DropReason reason) {
        tally.givenUp = reason;
        if (tally.spill) {
            tally.unsent.add(items);
            return;
        }
        int events = items.length;
        int done = 0;
        if (partial != null) {
            tally.add(partial);
            done = partial.delivered() + partial.rejectedCount();
        }
        tally.lost(Math.max(0, events - done), reason);
    }

    /** Compresses the records of {@code items} (all of the batch, or some of its events) into {@code body}. */
    private void compress(Batch batch, int[] items, Compressor compressor, JsonBuffer body) {
        byte[] data = batch.data().array();
        if (items.length == batch.events()) {
            compressor.compress(data, batch.data().size(), body);
            return;
        }
        JsonBuffer subset = pieceBuffer.get();
        subset.reset();
        for (int item : items) {
            subset.write(data, batch.recordStart(item), batch.recordEnd(item) - batch.recordStart(item));
        }
        compressor.compress(subset.array(), subset.size(), body);
        subset.shrinkTo(retainBytes);
    }

    /** What the pieces of one batch came to. */
    private static final class Tally {
        final boolean spill;
        boolean replaying;
        /** Set once a piece has given up (retries exhausted, or stopping): the rest of the batch follows. */
        DropReason givenUp;
        int delivered;
        final Map<String, Integer> rejected = new java.util.HashMap<>();
        final List<int[]> unsent = new ArrayList<>(1);
        DropReason rest = DropReason.DELIVERY_FAILED;

        Tally(boolean spill) {
            this.spill = spill;
        }

        int[] unsent() {
            if (unsent.isEmpty()) {
                return null;
            }
            return unsent.stream().flatMapToInt(java.util.Arrays::stream).sorted().toArray();
        }

        void add(DeliveryResult result) {
            delivered += result.delivered();
            result.rejected().forEach((type, count) -> rejected.merge(type, count, Integer::sum));
        }

        /** Events given up on; their count follows at settle (what was neither delivered nor rejected). */
        void lost(int events, DropReason reason) {
            if (events > 0 && reason == DropReason.SHUTDOWN) {
                rest = DropReason.SHUTDOWN;
            }
        }
    }

    /** Writes live events to the spill store, counting them spilled, or lost when the store cannot take them. */
    private void spillLive(Batch batch, int[] items) {
        int events = items == null ? batch.events() : items.length;
        SpillStore.Appended appended = store.append(batch, items);
        if (appended == SpillStore.Appended.STORED) {
            metrics.spilled(events);
        } else {
            metrics.dropped(appended == SpillStore.Appended.FULL ? DropReason.SPILL_FULL : DropReason.SPILL_FAILED, events);
        }
    }

    /** What one replayed record came to. */
    public enum Replayed {
        /** Delivered (or settled for good): acknowledge the record. */
        SETTLED,
        /** Nothing could be sent now: keep the record and try again later. */
        NOT_NOW
    }

    /**
     * Sends a batch read back from the spill store, on the replayer's thread, once per piece (no waiting
     * between retries: the replayer backs off itself). Counts what was delivered as replayed; events the
     * sink rejected or that failed for good are lost from the store (counted); when only part could be
     * sent, the rest is stored again as a new record. Returns whether the record may be acknowledged.
     */
    public Replayed replay(Batch batch, Compressor compressor, JsonBuffer body) {
        Settlement settlement;
        try {
            settlement = send(batch, compressor, body, 0, false);
        } catch (Throwable unexpected) { // the replayer must outlive whatever one record does to it
            diagnostics.error("logship: a spilled batch of " + batch.events() + " events could not be replayed", unexpected);
            return Replayed.NOT_NOW;
        }
        int rejectedCount = settlement.rejected().values().stream().mapToInt(Integer::intValue).sum();
        int unsent = settlement.unsent() == null ? 0 : settlement.unsent().length;
        if (settlement.delivered() == 0 && rejectedCount == 0 && unsent == batch.events()) {
            return Replayed.NOT_NOW;
        }
        if (unsent > 0) {
            // keep the rest as a new record before this one goes; if the store cannot take it, keep this one
            // whole (what was delivered comes back as 409s, counted then)
            if (store.append(batch, settlement.unsent()) != SpillStore.Appended.STORED) {
                return Replayed.NOT_NOW;
            }
        }
        metrics.replayed(settlement.delivered());
        settlement.rejected().forEach((type, count) -> {
            metrics.droppedStored(DropReason.REJECTED, count);
            metrics.rejectedType(type, count);
        });
        int lost = batch.events() - settlement.delivered() - rejectedCount - unsent;
        if (lost > 0) {
            metrics.droppedStored(settlement.rest(), lost);
        }
        if (settlement.delivered() > 0) {
            sendLossSummary(compressor, body);
        }
        return Replayed.SETTLED;
    }

    private final Batch summaryBatch = new Batch(4096);

    /** Delivery works: if events were lost since the last summary, send one summary event about them. */
    private void sendLossSummary(Compressor compressor, JsonBuffer body) {
        if (lossSummary == null) {
            return;
        }
        synchronized (summaryBatch) {
            if (!lossSummary.prepare(summaryBatch, System.nanoTime())) {
                return;
            }
            compressor.compress(summaryBatch.data().array(), summaryBatch.data().size(), body);
            DeliveryResult result = attempt(1, body);
            if (result.outcome() == DeliveryResult.Outcome.DONE && result.delivered() == 1) {
                lossSummary.sent();
            } else {
                sinkAnswers = false; // tried again after the next delivery that works
            }
            summaryBatch.clear(64 * 1024);
        }
    }

    private DeliveryResult attempt(int events, JsonBuffer body) {
        try {
            return sink.deliver(body.array(), body.size(), detection.compression().contentEncoding(), events);
        } catch (IOException | RuntimeException e) {
            return DeliveryResult.retry(0, Map.of(), null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Counts the batch's outcome: its unsent events go to the spill store, and events neither delivered,
     * rejected nor spilled count as {@code rest}. A batch the sink settled whole (every event delivered or
     * rejected) counts its delivery latency: from {@link #submit} to now, retries and backoff included.
     */
    private void settle(Batch batch, Settlement settlement) {
        int delivered = settlement.delivered();
        DropReason rest = settlement.rest();
        int rejectedCount = 0;
        for (Map.Entry<String, Integer> entry : settlement.rejected().entrySet()) {
            metrics.rejected(entry.getKey(), entry.getValue());
            rejectedCount += entry.getValue();
        }
        int unsent = settlement.unsent() == null ? 0 : settlement.unsent().length;
        if (unsent > 0) {
            spillLive(batch, settlement.unsent());
        }
        int lost = batch.events() - delivered - rejectedCount - unsent;
        if (lost > 0) {
            metrics.dropped(rest, lost);
        }
        metrics.delivered(Math.min(delivered, batch.events()));
        if (unsent == 0 && lost <= 0 && batch.handedOverNanos() != 0) {
            metrics.deliveryLatency(System.nanoTime() - batch.handedOverNanos());
        }
        batch.clear(retainBytes);
        inFlightBatches.remove(batch);
        free.add(batch);
        inFlight.decrementAndGet();
    }
}
