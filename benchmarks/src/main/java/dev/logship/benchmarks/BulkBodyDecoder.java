package dev.logship.benchmarks;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a {@code _bulk} request body and counts its newlines after decompression (gzip or zstd, per
 * {@code Content-Encoding}), with a reused request buffer, inflater, zstd context and output buffer:
 * one per receiver worker thread.
 */
final class BulkBodyDecoder {
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int FHCRC = 2;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    private final Inflater inflater = new Inflater(true);
    private final byte[] chunk = new byte[64 * 1024];
    private ZstdDecompressCtx zstd;
    private byte[] body = new byte[256 * 1024];
    private byte[] plain = new byte[0];
    private long growth = body.length + chunk.length;

    /** Reads the whole request body into {@link #body}; returns its length. */
    int read(InputStream in) throws IOException {
        int length = 0;
        while (true) {
            if (length == body.length) {
                grow(length * 2);
            }
            int n = in.read(body, length, body.length - length);
            if (n < 0) {
                return length;
            }
            length += n;
        }
    }

    long countNewlines(int length, String encoding) throws IOException {
        if (encoding == null || encoding.isEmpty() || "identity".equals(encoding)) {
            return newlines(body, 0, length);
        }
        if ("gzip".equals(encoding)) {
            return gunzipCountingNewlines(length);
        }
        if ("zstd".equals(encoding)) {
            return unzstdCountingNewlines(length);
        }
        throw new IOException("unsupported Content-Encoding " + encoding);
    }

    /** Inflates chunk by chunk (RFC 1952, one member), counting newlines as they come. */
    private long gunzipCountingNewlines(int length) throws IOException {
        if (length < 18 || body[0] != (byte) 0x1f || body[1] != (byte) 0x8b || body[2] != 8) {
            throw new IOException("not a gzip body");
        }
        int flags = body[3] & 0xff;
        int pos = 10;
        if ((flags & FEXTRA) != 0) {
            pos += 2 + ((body[pos] & 0xff) | (body[pos + 1] & 0xff) << 8);
        }
        if ((flags & FNAME) != 0) {
            pos = skipZeroTerminated(pos, length);
        }
        if ((flags & FCOMMENT) != 0) {
            pos = skipZeroTerminated(pos, length);
        }
        if ((flags & FHCRC) != 0) {
            pos += 2;
        }
        inflater.reset();
        inflater.setInput(body, pos, length - pos);
        long count = 0;
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IOException("truncated gzip body");
                }
                count += newlines(chunk, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IOException("corrupt gzip body: " + e.getMessage(), e);
        }
        return count;
    }

    private int skipZeroTerminated(int pos, int length) throws IOException {
        while (pos < length && body[pos] != 0) {
            pos++;
        }
        if (pos >= length) {
            throw new IOException("truncated gzip header");
        }
        return pos + 1;
    }

    /** Decompresses one zstd frame (logship writes the content size into it) into a reused buffer. */
    private long unzstdCountingNewlines(int length) throws IOException {
        long size = Zstd.getFrameContentSize(body, 0, length);
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw new IOException("zstd frame without a usable content size: " + size);
        }
        if (plain.length < size) {
            growth += size - plain.length;
            plain = new byte[(int) size];
        }
        if (zstd == null) {
            zstd = new ZstdDecompressCtx();
        }
        int n = zstd.decompressByteArray(plain, 0, (int) size, body, 0, length);
        return newlines(plain, 0, n);
    }

    /** Counts {@code '\n'} bytes eight at a time (SWAR): this receiver competes for the pipeline's cores. */
    private static long newlines(byte[] bytes, int from, int to) {
        long count = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(bytes, i) ^ NEWLINES; // a zero byte where a newline was
            count += Long.bitCount(~(((x & LOW7) + LOW7) | x | LOW7)); // the high bit of each zero byte
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n') {
                count++;
            }
        }
        return count;
    }

    private void grow(int capacity) {
        growth += capacity - body.length;
        body = Arrays.copyOf(body, capacity);
    }

    /** Bytes of buffers allocated since the last call (to keep a running total of what is retained). */
    long takeGrowth() {
        long g = growth;
        growth = 0;
        return g;
    }
}
