package dev.logship.core.encode;

import java.io.OutputStream;
import java.util.Arrays;

/** A growable byte buffer the encoders write into, reused batch after batch; can be cut back. */
public final class JsonBuffer extends OutputStream {
    private byte[] bytes;
    private int size;

    public JsonBuffer(int initialCapacity) {
        this.bytes = new byte[Math.max(64, initialCapacity)];
    }

    @Override
    public void write(int b) {
        ensure(size + 1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] src, int offset, int length) {
        ensure(size + length);
        System.arraycopy(src, offset, bytes, size, length);
        size += length;
    }

    /** The backing array; valid bytes are {@code [0, size())}. */
    public byte[] array() {
        return bytes;
    }

    public int size() {
        return size;
    }

    /** Forgets everything after {@code newSize} (undoing a failed or oversized write). */
    public void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IllegalArgumentException("cannot truncate " + size + " bytes to " + newSize);
        }
        size = newSize;
    }

    public void reset() {
        size = 0;
    }

    /** Grows the backing array to hold at least {@code capacity} bytes. */
    public void ensure(int capacity) {
        if (capacity > bytes.length) {
            int grown = Math.max(capacity, bytes.length + (bytes.length >> 1));
            bytes = Arrays.copyOf(bytes, grown < 0 ? Integer.MAX_VALUE - 8 : grown);
        }
    }

    /** Sets the size after a caller wrote directly into {@link #array()}. */
    public void setSize(int newSize) {
        ensure(newSize);
        size = newSize;
    }

    /** Releases a backing array that grew past {@code maxRetained} bytes, keeping memory bounded. */
    public void shrinkTo(int maxRetained) {
        if (bytes.length > maxRetained && size <= maxRetained) {
            bytes = Arrays.copyOf(bytes, Math.max(64, maxRetained));
        }
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
