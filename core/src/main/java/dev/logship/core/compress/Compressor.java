package dev.logship.core.compress;

import dev.logship.core.encode.JsonBuffer;

/** Compresses whole batches, reusing its native context. Not thread-safe: one per sender thread. */
public interface Compressor extends AutoCloseable {

    /** Replaces {@code out}'s content with the compressed form of {@code input[0, length)}. */
    void compress(byte[] input, int length, JsonBuffer out);

    /** Releases native resources. */
    @Override
    void close();
}
