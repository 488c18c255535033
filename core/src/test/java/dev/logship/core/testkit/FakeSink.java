package dev.logship.core.testkit;

import dev.logship.core.deliver.DeliveryResult;
import dev.logship.core.encode.EcsEncoder;
import dev.logship.core.encode.EncoderSettings;
import dev.logship.core.encode.EventEncoder;
import dev.logship.core.sink.Sink;
import dev.logship.core.sink.SinkTestSupport;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sink that keeps every body it is sent and answers as told: scripted replies first (an
 * {@link IOException}, {@link DeliveryResult#retry}, {@link DeliveryResult#failed}...), then the
 * default reply (everything delivered). It can hold every call until {@link #release()}; closing it
 * fails a held call with an {@link IOException}, as the {@link Sink} contract says.
 */
public final class FakeSink implements Sink {

    /** How the sink answers one attempt of a batch of {@code events}. */
    @FunctionalInterface
    public interface Reply {
        DeliveryResult answer(int events) throws IOException;

        static Reply delivered() {
            return events -> DeliveryResult.done(events, Map.of());
        }

        static Reply ioFailure() {
            return events -> {
                throw new IOException("connection refused (fake)");
            };
        }
    }

    /** One call: the body as sent, its encoding, the event count, the reply, and the calling thread. */
    public record Call(byte[] body, String contentEncoding, int events, DeliveryResult result, Thread thread) {
        public List<Map<String, Object>> documents() {
            return Bulk.documents(body);
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile Reply defaultReply = Reply.delivered();
    private volatile CountDownLatch gate;
    private volatile boolean closed;
    private volatile dev.logship.core.sink.ServerInfo server;
    private volatile boolean unreachable;

    /** What {@link #detect()} answers from now on. */
    public FakeSink server(dev.logship.core.sink.ServerInfo value) {
        this.server = value;
        return this;
    }

    /** {@link #detect()} fails as if nothing listened. */
    public FakeSink unreachable() {
        this.unreachable = true;
        return this;
    }

    private volatile Error detectError;

    /** {@link #detect()} throws this, as a mismatched library would (a {@link NoClassDefFoundError}, say). */
    public FakeSink detectThrows(Error error) {
        this.detectError = error;
        return this;
    }

    @Override
    public dev.logship.core.sink.ServerInfo detect() throws IOException {
        if (detectError != null) {
            throw detectError;
        }
        if (unreachable) {
            throw new IOException("connection refused (fake)");
        }
        return server;
    }

    @Override
    public EventEncoder encoder(EncoderSettings settings) {
        return SinkTestSupport.bulk(new EcsEncoder(settings));
    }

    @Override
    public DeliveryResult deliver(byte[] body, int length, String contentEncoding, int events) throws IOException {
        attempts.incrementAndGet();
        byte[] copy = Arrays.copyOf(body, length);
        awaitGate();
        if (closed) {
            throw new IOException("sink closed (fake)");
        }
        Reply reply = script.poll();
        DeliveryResult result = (reply != null ? reply : defaultReply).answer(events);
        calls.add(new Call(copy, contentEncoding, events, result, Thread.currentThread()));
        return result;
    }

    private void awaitGate() throws IOException {
        CountDownLatch g = gate;
        if (g == null) {
            return;
        }
        waiting.incrementAndGet();
        try {
            g.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while held (fake)");
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Queues replies for the next attempts, in order. */
    public FakeSink script(Reply... replies) {
        script.addAll(Arrays.asList(replies));
        return this;
    }

    /** The reply once the script is used up. */
    public FakeSink always(Reply reply) {
        this.defaultReply = reply;
        return this;
    }

    /** Holds every call from now on until {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    /** Calls held right now. */
    public int waiting() {
        return waiting.get();
    }

    public int attempts() {
        return attempts.get();
    }

    /** Every answered call (held calls that failed on close are not included). */
    public List<Call> calls() {
        return new ArrayList<>(calls);
    }

    /** Documents of every call the sink answered as fully delivered. */
    public List<Map<String, Object>> deliveredDocuments() {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Call call : calls) {
            if (call.result().outcome() == DeliveryResult.Outcome.DONE) {
                documents.addAll(call.documents());
            }
        }
        return documents;
    }

    @Override
    public String describe() {
        return "fake sink";
    }

    @Override
    public void close() {
        closed = true;
        release();
    }

    public boolean isClosed() {
        return closed;
    }
}
