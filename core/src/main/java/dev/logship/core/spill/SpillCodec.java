package dev.logship.core.spill;

import com.github.luben.zstd.Zstd;
import dev.logship.core.batch.Batch;
import dev.logship.core.compress.Compression;
import dev.logship.core.compress.Compressor;
import dev.logship.core.compress.ZstdSupport;
import dev.logship.core.encode.JsonBuffer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;

/**
 * A record's payload: the event count's record lengths, then the records; compressed with zstd, or gzip
 * where the zstd native library cannot load. Not thread-safe.
 */
final class SpillCodec implements AutoCloseable {
    private final byte codec;
    private final Compressor compressor;
    private final JsonBuffer raw = new JsonBuffer(64 * 1024);
    private final JsonBuffer packed = new JsonBuffer(64 * 1024);

    /**
     * zstd when its native library loads, else gzip; the system property {@code logship.spill.codec=gzip}
     * forces gzip (to compare the two, or to keep spool files readable where zstd-jni is unavailable).
     */
    SpillCodec() {
        boolean zstd = ZstdSupport.loads() && !"gzip".equalsIgnoreCase(System.getProperty("logship.spill.codec"));
        this.codec = zstd ? SpillFormat.CODEC_ZSTD : SpillFormat.CODEC_GZIP;
        this.compressor = (zstd ? Compression.ZSTD : Compression.GZIP).newCompressor();
    }

    byte codec() {
        return codec;
    }

    /** Packs {@code items} of {@code batch} (all of it when null); {@link #packed()} then holds the bytes. */
    int pack(Batch batch, int[] items) {
        raw.reset();
        int events = items == null ? batch.events() : items.length;
        byte[] lengths = new byte[4 * events];
        ByteBuffer lengthView = ByteBuffer.wrap(lengths);
        for (int i = 0; i < events; i++) {
            int item = items == null ? i : items[i];
            lengthView.putInt(batch.recordEnd(item) - batch.recordStart(item));
        }
        raw.write(lengths, 0, lengths.length);
        byte[] data = batch.data().array();
        if (items == null) {
            raw.write(data, 0, batch.data().size());
        } else {
            for (int item : items) {
                raw.write(data, batch.recordStart(item), batch.recordEnd(item) - batch.recordStart(item));
            }
        }
        compressor.compress(raw.array(), raw.size(), packed);
        return raw.size();
    }

    JsonBuffer packed() {
        return packed;
    }

    /** Releases buffers that one huge batch grew. */
    void shrink(int maxRetained) {
        raw.shrinkTo(maxRetained);
        packed.shrinkTo(maxRetained);
    }

    /** The uncompressed payload of a record. */
    static byte[] unpack(int codec, byte[] stored, int rawLength) throws IOException {
        switch (codec) {
            case SpillFormat.CODEC_NONE:
                return stored;
            case SpillFormat.CODEC_GZIP:
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(stored), 64 * 1024)) {
                    byte[] out = in.readNBytes(rawLength);
                    if (out.length != rawLength) {
                        throw new IOException("gzip payload is " + out.length + " bytes, the header says " + rawLength);
                    }
                    return out;
                }
            case SpillFormat.CODEC_ZSTD:
                byte[] out = new byte[rawLength];
                long n = Zstd.decompressByteArray(out, 0, rawLength, stored, 0, stored.length);
                if (Zstd.isError(n) || n != rawLength) {
                    throw new IOException("zstd payload does not decompress to the " + rawLength + " bytes its header says"
                            + (Zstd.isError(n) ? " (" + Zstd.getErrorName(n) + ")" : ""));
                }
                return out;
            default:
                throw new IOException("unknown payload codec " + codec);
        }
    }

    /** Rebuilds the batch a record holds into {@code into} (emptied first). */
    static void unpackInto(byte[] rawPayload, int events, Batch into) throws IOException {
        into.clear(Integer.MAX_VALUE);
        ByteBuffer view = ByteBuffer.wrap(rawPayload);
        long total = 4L * events;
        if (total > rawPayload.length) {
            throw new IOException("payload too short for " + events + " record lengths");
        }
        int at = 4 * events;
        for (int i = 0; i < events; i++) {
            int length = view.getInt(4 * i);
            if (length < 0 || at + (long) length > rawPayload.length) {
                throw new IOException("record " + i + " of " + events + " runs past the payload");
            }
            into.appendRecord(rawPayload, at, length);
            at += length;
        }
        if (at != rawPayload.length) {
            throw new IOException("payload has " + (rawPayload.length - at) + " bytes past its last record");
        }
    }

    @Override
    public void close() {
        compressor.close();
    }
}
