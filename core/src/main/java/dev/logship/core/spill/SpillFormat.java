package dev.logship.core.spill;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of the spill store, format version {@value #VERSION}. All integers are
 * big-endian; a reader refuses a version it does not know and leaves the file in place.
 *
 * <p>A directory holds {@code <20-digit id>.seg} segment files (ids ascending in write order), a
 * {@code cursor} file and a {@code lock} file. Files are created readable by the owner only.
 *
 * <pre>
 * Segment file = segment header, then records back to back.
 *
 * Segment header, {@value #SEGMENT_HEADER} bytes:
 *   offset size  field
 *    0     4     magic 0x4C535347 ("LSSG")
 *    4     2     format version ({@value #VERSION})
 *    6     2     reserved, 0
 *    8     8     creation time, epoch milliseconds
 *
 * Record = header + payload: one encoded batch.
 * Record header, {@value #RECORD_HEADER} bytes:
 *   offset size  field
 *    0     4     magic 0x4C535243 ("LSRC")
 *    4     1     format version ({@value #VERSION})
 *    5     1     codec of the payload: 0 none, 1 gzip, 2 zstd
 *    6     2     reserved, 0
 *    8     4     event count
 *   12     4     payload length as stored (after compression)
 *   16     4     payload length uncompressed
 *   20     8     oldest event timestamp, epoch milliseconds
 *   28     8     newest event timestamp, epoch milliseconds
 *   36     4     CRC32C of the payload as stored
 *   40     4     CRC32C of header bytes 0..39
 *   44     ...   payload
 *
 * Payload, uncompressed: event count x u32 record lengths, then the records themselves back to back
 * (each record is the sink's wire form of one event, e.g. a bulk action line and a document line).
 *
 * Cursor file, {@value #CURSOR_SIZE} bytes: the first record not yet delivered.
 *    0     8     segment id
 *    8     8     byte offset in that segment
 *   16     4     CRC32C of bytes 0..15
 * </pre>
 *
 * A record whose header CRC fails is found past by scanning for the next record magic whose header
 * checks; a record whose payload CRC fails is skipped by its length. A record that runs past the end
 * of the file is a torn tail (a write cut short by a crash) and is truncated on recovery.
 */
public final class SpillFormat {
    public static final int VERSION = 1;
    public static final int SEGMENT_MAGIC = 0x4C535347;
    public static final int RECORD_MAGIC = 0x4C535243;
    public static final int SEGMENT_HEADER = 16;
    public static final int RECORD_HEADER = 44;
    public static final int CURSOR_SIZE = 20;
    public static final byte CODEC_NONE = 0;
    public static final byte CODEC_GZIP = 1;
    public static final byte CODEC_ZSTD = 2;
    /** Larger lengths in a header mean it is damaged: no batch is this big. */
    static final int MAX_PAYLOAD = 1 << 30;
    static final int MAX_EVENTS = 1 << 26;
    static final String SEGMENT_SUFFIX = ".seg";

    private SpillFormat() {
    }

    static String segmentName(long id) {
        return String.format("%020d%s", id, SEGMENT_SUFFIX);
    }

    /** The id of a segment file name, or -1 when the name is not one. */
    static long segmentId(String fileName) {
        if (!fileName.endsWith(SEGMENT_SUFFIX) || fileName.length() != 20 + SEGMENT_SUFFIX.length()) {
            return -1;
        }
        try {
            return Long.parseLong(fileName.substring(0, 20));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static ByteBuffer segmentHeader(long createdMillis) {
        ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER);
        b.putInt(SEGMENT_MAGIC).putShort((short) VERSION).putShort((short) 0).putLong(createdMillis);
        return b.flip();
    }

    /** A record header as decoded; {@link #valid} is false when its CRC or fields do not check. */
    record Header(int version, int codec, int events, int storedLength, int rawLength, long oldestMillis,
                  long newestMillis, int payloadCrc, boolean valid) {

        long recordLength() {
            return (long) RECORD_HEADER + storedLength;
        }
    }

    static ByteBuffer recordHeader(int codec, int events, int storedLength, int rawLength, long oldestMillis,
                                   long newestMillis, int payloadCrc) {
        ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER);
        b.putInt(RECORD_MAGIC).put((byte) VERSION).put((byte) codec).putShort((short) 0)
                .putInt(events).putInt(storedLength).putInt(rawLength)
                .putLong(oldestMillis).putLong(newestMillis).putInt(payloadCrc);
        b.putInt(crc(b.array(), 0, 40));
        return b.flip();
    }

    /** Decodes the {@value #RECORD_HEADER} bytes at {@code b}'s position; null when the magic is wrong. */
    static Header readHeader(ByteBuffer b) {
        int start = b.position();
        if (b.getInt(start) != RECORD_MAGIC) {
            return null;
        }
        int version = b.get(start + 4) & 0xFF;
        int codec = b.get(start + 5);
        int events = b.getInt(start + 8);
        int stored = b.getInt(start + 12);
        int raw = b.getInt(start + 16);
        long oldest = b.getLong(start + 20);
        long newest = b.getLong(start + 28);
        int payloadCrc = b.getInt(start + 36);
        int headerCrc = b.getInt(start + 40);
        boolean crcOk = b.hasArray() ? crc(b.array(), b.arrayOffset() + start, 40) == headerCrc
                : crc(copy(b, start, 40), 0, 40) == headerCrc;
        boolean valid = crcOk && events >= 0 && events <= MAX_EVENTS && stored >= 0 && stored <= MAX_PAYLOAD
                && raw >= 0 && raw <= MAX_PAYLOAD;
        return new Header(version, codec, events, stored, raw, oldest, newest, payloadCrc, valid);
    }

    private static byte[] copy(ByteBuffer b, int start, int length) {
        byte[] bytes = new byte[length];
        b.get(start, bytes);
        return bytes;
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    static ByteBuffer cursor(long segmentId, long offset) {
        ByteBuffer b = ByteBuffer.allocate(CURSOR_SIZE);
        b.putLong(segmentId).putLong(offset);
        b.putInt(crc(b.array(), 0, 16));
        return b.flip();
    }

    /** The cursor's {segment id, offset}, or null when the bytes do not check. */
    static long[] readCursor(byte[] bytes) {
        if (bytes.length != CURSOR_SIZE) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long segment = b.getLong(0);
        long offset = b.getLong(8);
        return crc(bytes, 0, 16) == b.getInt(16) && segment >= 0 && offset >= 0 ? new long[] {segment, offset} : null;
    }
}
