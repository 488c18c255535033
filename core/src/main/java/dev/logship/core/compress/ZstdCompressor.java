package dev.logship.core.compress;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.logship.core.encode.JsonBuffer;

/** zstd with one reused {@link ZstdCompressCtx}. */
final class ZstdCompressor implements Compressor {
    static final int LEVEL = 1;

    private final ZstdCompressCtx context = new ZstdCompressCtx().setLevel(LEVEL).setChecksum(false);

    @Override
    public void compress(byte[] input, int length, JsonBuffer out) {
        int bound = (int) Math.min(Integer.MAX_VALUE - 8, Zstd.compressBound(length));
        out.reset();
        out.ensure(bound);
        int n = context.compressByteArray(out.array(), 0, out.array().length, input, 0, length);
        out.setSize(n);
    }

    @Override
    public void close() {
        context.close();
    }

    /** Whether the zstd native library loads on this platform. */
    static boolean loads() {
        try {
            return Zstd.compressBound(1) > 0;
        } catch (Throwable e) {
            return false;
        }
    }
}
