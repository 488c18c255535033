package dev.logship.core.spill;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads the records of one segment file: the header at a position, its payload checked against the
 * CRC, and the way past damage. Shared by the store and the spool tool; holds no state.
 */
final class SegmentReader {
    private static final int SCAN_CHUNK = 1 << 20;

    private SegmentReader() {
    }

    /** What is at a position of a segment. */
    enum Kind {
        /** A whole record with a header that checks (its payload is checked by {@link #payload}). */
        RECORD,
        /** The end of the segment. */
        END,
        /** A record cut short by the end of the file: a write that a crash interrupted. */
        TORN,
        /** Bytes that are no record header; {@link Found#next} is the next record found past them, or the file size. */
        DAMAGED,
        /** A record of a newer format version than this reader knows. */
        NEWER
    }

    record Found(Kind kind, long position, long next, SpillFormat.Header header) {
    }

    /** The segment header's format version, or -1 when the file is not a spill segment. */
    static int segmentVersion(FileChannel channel) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(SpillFormat.SEGMENT_HEADER);
        readFully(channel, b, 0);
        return b.getInt(0) == SpillFormat.SEGMENT_MAGIC ? b.getShort(4) & 0xFFFF : -1;
    }

    /** What starts at {@code position} of a segment whose readable length is {@code size}. */
    static Found at(FileChannel channel, long position, long size) throws IOException {
        if (position >= size) {
            return new Found(Kind.END, position, position, null);
        }
        if (size - position < SpillFormat.RECORD_HEADER) {
            long next = nextHeader(channel, position + 1, size);
            return next < size ? new Found(Kind.DAMAGED, position, next, null) : new Found(Kind.TORN, position, size, null);
        }
        ByteBuffer b = ByteBuffer.allocate(SpillFormat.RECORD_HEADER);
        readFully(channel, b, position);
        SpillFormat.Header header = SpillFormat.readHeader(b.flip());
        if (header == null || !header.valid()) {
            long next = nextHeader(channel, position + 1, size);
            if (next >= size && header != null && header.storedLength() >= 0
                    && position + SpillFormat.RECORD_HEADER + (long) header.storedLength() > size) {
                return new Found(Kind.TORN, position, size, null); // a header whose write was cut short
            }
            return new Found(next < size ? Kind.DAMAGED : Kind.TORN, position, next, null);
        }
        if (header.version() > SpillFormat.VERSION) {
            return new Found(Kind.NEWER, position, size, header);
        }
        long end = position + header.recordLength();
        if (end > size) {
            return new Found(Kind.TORN, position, size, header);
        }
        return new Found(Kind.RECORD, position, end, header);
    }

    /** The payload of a record as stored, or null when it does not match its CRC. */
    static byte[] payload(FileChannel channel, Found record) throws IOException {
        byte[] stored = new byte[record.header().storedLength()];
        readFully(channel, ByteBuffer.wrap(stored), record.position() + SpillFormat.RECORD_HEADER);
        return SpillFormat.crc(stored, 0, stored.length) == record.header().payloadCrc() ? stored : null;
    }

    /** The first position at or after {@code from} where a record header checks, or {@code size}. */
    static long nextHeader(FileChannel channel, long from, long size) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(SCAN_CHUNK + SpillFormat.RECORD_HEADER);
        for (long base = from; base < size; base += SCAN_CHUNK) {
            chunk.clear();
            chunk.limit((int) Math.min(chunk.capacity(), size - base));
            readFully(channel, chunk, base);
            int limit = chunk.limit();
            for (int i = 0; i + SpillFormat.RECORD_HEADER <= limit && i < SCAN_CHUNK; i++) {
                if (chunk.getInt(i) == SpillFormat.RECORD_MAGIC) {
                    SpillFormat.Header header = SpillFormat.readHeader(chunk.duplicate().position(i));
                    if (header != null && header.valid()) {
                        return base + i;
                    }
                }
            }
        }
        return size;
    }

    static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new java.io.EOFException("unexpected end of spill segment at byte " + at);
            }
            at += n;
        }
    }
}
