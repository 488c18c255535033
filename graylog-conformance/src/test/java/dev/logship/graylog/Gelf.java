package dev.logship.graylog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/** Hand-made GELF payloads for the self-test (no logship code involved). */
final class Gelf {
    private Gelf() {
    }

    /** A GELF 1.1 message: timestamp 1700000000.125 s = 2023-11-14T22:13:20.125Z, level 3. */
    static String message(String shortMessage, int n) {
        return "{\"version\":\"1.1\",\"host\":\"app-01\",\"short_message\":\"" + shortMessage + "\","
                + "\"full_message\":\"" + shortMessage + "\\nat dev.logship.Example.run(Example.java:42)\","
                + "\"timestamp\":1700000000.125,\"level\":3,"
                + "\"_logger\":\"dev.logship.Example\",\"_n\":" + n + "}";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] zlib(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Splits a payload into {@code count} GELF chunks: 0x1e 0x0f, 8-byte id, sequence number, count. */
    static List<byte[]> chunks(byte[] payload, long messageId, int count) {
        int size = (payload.length + count - 1) / count;
        List<byte[]> chunks = new ArrayList<>();
        for (int seq = 0; seq < count; seq++) {
            byte[] part = Arrays.copyOfRange(payload, Math.min(seq * size, payload.length),
                    Math.min((seq + 1) * size, payload.length));
            chunks.add(ByteBuffer.allocate(12 + part.length)
                    .put((byte) 0x1e).put((byte) 0x0f).putLong(messageId)
                    .put((byte) seq).put((byte) count).put(part).array());
        }
        return chunks;
    }
}
