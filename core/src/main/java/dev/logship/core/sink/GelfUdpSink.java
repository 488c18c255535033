package dev.logship.core.sink;

import dev.logship.core.compress.Compression;
import dev.logship.core.deliver.DeliveryResult;
import dev.logship.core.encode.EncoderSettings;
import dev.logship.core.encode.EventEncoder;
import dev.logship.core.encode.GelfEncoder;
import dev.logship.core.encode.JsonBuffer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * GELF over UDP ({@code udp://}) to Graylog's GELF UDP input: each message compressed on its own (gzip,
 * zlib or none), sent as one datagram when it fits {@code chunkSize}, otherwise in GELF chunks — a
 * 12-byte header ({@code 0x1e 0x0f}, an 8-byte message id, sequence number, count) and a slice of the
 * message, at most 128 chunks. Events are truncated at encoding to what 128 chunks carry, so a message
 * is never sent broken. UDP gives no acknowledgement at all: a datagram the network or the receiver's
 * socket buffer drops is lost without notice.
 */
public final class GelfUdpSink implements Sink {
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final GraylogConfig config;
    private final NodeRotation nodes;
    private final InetSocketAddress[] addresses;
    private final java.util.Set<State> all = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ThreadLocal<State> states = ThreadLocal.withInitial(() -> {
        State state = new State();
        all.add(state);
        return state;
    });
    private volatile boolean closed;

    /** A sender thread's reusable pieces: its channel, deflater and buffers. */
    private static final class State {
        DatagramChannel channel;
        final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        final Deflater zlib = new Deflater(Deflater.BEST_SPEED, false);
        final CRC32 crc = new CRC32();
        final JsonBuffer packed = new JsonBuffer(8 * 1024);
        final ByteBuffer datagram = ByteBuffer.allocate(65_536);
    }

    public GelfUdpSink(GraylogConfig config) {
        this.config = config;
        this.nodes = new NodeRotation(config.urls().size());
        this.addresses = config.urls().stream().map(u -> new InetSocketAddress(u.getHost(), u.getPort()))
                .toArray(InetSocketAddress[]::new);
    }

    @Override
    public EventEncoder encoder(EncoderSettings settings) {
        return new GelfRecordEncoder(new GelfEncoder(settings), GraylogSinks.separator(GraylogConfig.Transport.UDP));
    }

    @Override
    public Compression wireCompression(Compression configured) {
        return Compression.NONE; // each message is compressed here, on its own
    }

    @Override
    public int maxRequestBytes() {
        return config.maxRecordBytes();
    }

    @Override
    public DeliveryResult deliver(byte[] body, int length, String contentEncoding, int events) throws IOException {
        if (closed) {
            throw new IOException("sink closed");
        }
        State state = states.get();
        int node = nodes.pick();
        InetSocketAddress target = addresses[node];
        if (target.isUnresolved()) {
            nodes.failed(node);
            throw new IOException("cannot resolve " + config.urls().get(node).getHost());
        }
        if (state.channel == null || !state.channel.isOpen()) {
            state.channel = DatagramChannel.open();
        }
        int sent = 0;
        int tooLarge = 0;
        int start = 0;
        try {
            for (int i = 0; i < length; i++) {
                if (body[i] == '\n') {
                    if (i > start) {
                        if (send(state, body, start, i - start, target)) {
                            sent++;
                        } else {
                            tooLarge++;
                        }
                    }
                    start = i + 1;
                }
            }
        } catch (IOException e) {
            nodes.failed(node);
            if (sent > 0) { // the first messages went out: only the rest is sent again
                return DeliveryResult.retryItems(sent, Map.of(), remaining(sent + tooLarge, events), null,
                        "UDP send to " + target + " failed: " + e);
            }
            throw e;
        }
        return tooLarge == 0 ? DeliveryResult.done(sent, Map.of())
                : new DeliveryResult(DeliveryResult.Outcome.DONE, sent, Map.of("message_too_large_for_udp", tooLarge), null,
                        "message_too_large_for_udp: more than 128 GELF chunks even after truncation");
    }

    private static int[] remaining(int from, int events) {
        int[] rest = new int[Math.max(0, events - from)];
        for (int i = 0; i < rest.length; i++) {
            rest[i] = from + i;
        }
        return rest;
    }

    /** Compresses one message and sends it whole or in chunks; false when even 128 chunks cannot carry it. */
    private boolean send(State state, byte[] data, int offset, int length, InetSocketAddress target) throws IOException {
        byte[] message;
        int size;
        switch (config.udpCompression()) {
            case GZIP:
                size = gzip(state, data, offset, length);
                message = state.packed.array();
                break;
            case ZLIB:
                size = deflate(state, state.zlib, data, offset, length, 0);
                message = state.packed.array();
                break;
            default:
                message = data;
                size = length;
                if (offset != 0) {
                    state.packed.reset();
                    state.packed.write(data, offset, length);
                    message = state.packed.array();
                }
        }
        int chunkSize = config.chunkSize();
        ByteBuffer datagram = state.datagram;
        if (size <= chunkSize) {
            datagram.clear();
            datagram.put(message, 0, size).flip();
            state.channel.send(datagram, target);
            return true;
        }
        int payload = chunkSize - GraylogConfig.CHUNK_HEADER;
        int count = (size + payload - 1) / payload;
        if (count > GraylogConfig.MAX_CHUNKS) {
            return false;
        }
        long id = ThreadLocalRandom.current().nextLong();
        for (int seq = 0; seq < count; seq++) {
            int from = seq * payload;
            int part = Math.min(payload, size - from);
            datagram.clear();
            datagram.put((byte) 0x1e).put((byte) 0x0f).putLong(id).put((byte) seq).put((byte) count);
            datagram.put(message, from, part).flip();
            state.channel.send(datagram, target);
        }
        return true;
    }

    private static int gzip(State state, byte[] data, int offset, int length) {
        state.crc.reset();
        state.crc.update(data, offset, length);
        int end = deflate(state, state.deflater, data, offset, length, GZIP_HEADER.length);
        System.arraycopy(GZIP_HEADER, 0, state.packed.array(), 0, GZIP_HEADER.length);
        state.packed.ensure(end + 8);
        byte[] out = state.packed.array();
        int crc = (int) state.crc.getValue();
        for (int i = 0; i < 4; i++) {
            out[end + i] = (byte) (crc >>> (8 * i));
            out[end + 4 + i] = (byte) (length >>> (8 * i));
        }
        return end + 8;
    }

    /** Deflates into {@code state.packed} after {@code skip} bytes; returns the end. */
    private static int deflate(State state, Deflater deflater, byte[] data, int offset, int length, int skip) {
        deflater.reset();
        deflater.setInput(data, offset, length);
        deflater.finish();
        JsonBuffer out = state.packed;
        out.reset();
        out.ensure(skip + length + 64);
        int at = skip;
        while (!deflater.finished()) {
            if (at == out.array().length) {
                out.setSize(at);
                out.ensure(at * 2);
            }
            at += deflater.deflate(out.array(), at, out.array().length - at);
        }
        out.setSize(at);
        return at;
    }

    @Override
    public String describe() {
        return "graylog " + config.urls();
    }

    /** Releases every sender thread's channel and native deflaters. */
    @Override
    public void close() {
        closed = true;
        for (State state : all) {
            try {
                if (state.channel != null) {
                    state.channel.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
            state.deflater.end();
            state.zlib.end();
        }
        all.clear();
    }
}
