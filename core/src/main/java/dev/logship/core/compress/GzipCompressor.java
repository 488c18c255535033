package dev.logship.core.compress;

import dev.logship.core.encode.JsonBuffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip (RFC 1952) around one reused raw {@link Deflater}: a 10-byte header, the deflate stream, then
 * CRC-32 and length, little-endian. No per-batch native allocation.
 */
final class GzipCompressor implements Compressor {
    static final int LEVEL = 1;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final Deflater deflater = new Deflater(LEVEL, true);
    private final CRC32 crc = new CRC32();

    @Override
    public void compress(byte[] input, int length, JsonBuffer out) {
        out.reset();
        out.write(HEADER, 0, HEADER.length);
        deflater.reset();
        deflater.setInput(input, 0, length);
        deflater.finish();
        while (!deflater.finished()) {
            out.ensure(out.size() + Math.max(8192, length / 4));
            int n = deflater.deflate(out.array(), out.size(), out.array().length - out.size());
            out.setSize(out.size() + n);
        }
        crc.reset();
        crc.update(input, 0, length);
        writeIntLe(out, (int) crc.getValue());
        writeIntLe(out, length);
    }

    private static void writeIntLe(JsonBuffer out, int value) {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
        out.write(value >>> 24);
    }

    @Override
    public void close() {
        deflater.end();
    }
}
