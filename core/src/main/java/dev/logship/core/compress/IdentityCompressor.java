package dev.logship.core.compress;

import dev.logship.core.encode.JsonBuffer;

/** {@link Compression#NONE}: copies the batch as it is. */
final class IdentityCompressor implements Compressor {
    @Override
    public void compress(byte[] input, int length, JsonBuffer out) {
        out.reset();
        out.write(input, 0, length);
    }

    @Override
    public void close() {
        // nothing held
    }
}
