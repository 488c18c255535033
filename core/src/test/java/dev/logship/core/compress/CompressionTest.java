package dev.logship.core.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.github.luben.zstd.Zstd;
import dev.logship.core.encode.JsonBuffer;
import dev.logship.core.testkit.RecordingDiagnostics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompressionTest {
    /** Sizes of consecutive batches through one compressor: growing, shrinking, empty, incompressible. */
    private static final int[] SIZES = {5_000, 1, 2_000_000, 0, 70_000, 300, 1_000_000};

    /** NDJSON-like text, partly random so that some batches barely compress. */
    private static byte[] batch(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] data = new byte[size];
        byte[] line = ("{\"@timestamp\":\"2025-11-26T11:04:38.123456Z\",\"log.level\":\"INFO\",\"message\":\"order "
                + seed + "\"}\n").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < size; i++) {
            data[i] = seed % 2 == 0 ? line[i % line.length] : (byte) random.nextInt(256);
        }
        return data;
    }

    private static byte[] gunzip(JsonBuffer compressed) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed.array(), 0, compressed.size()))) {
            return in.readAllBytes();
        }
    }

    @Test
    void gzipRoundTripsThroughGzipInputStreamAcrossReusedBatches() throws IOException {
        JsonBuffer out = new JsonBuffer(64);
        try (Compressor gzip = Compression.GZIP.newCompressor()) {
            for (int i = 0; i < SIZES.length; i++) {
                byte[] input = batch(SIZES[i], i);

                gzip.compress(input, input.length, out);

                assertThat(gunzip(out)).as("batch %d of %d bytes", i, SIZES[i]).isEqualTo(input);
                assertThat(out.array()[0]).isEqualTo((byte) 0x1f);
                assertThat(out.array()[1]).isEqualTo((byte) 0x8b);
            }
        }
    }

    @Test
    void gzipShrinksJsonLogs() throws IOException {
        byte[] input = batch(1_000_000, 0);
        JsonBuffer out = new JsonBuffer(64);
        try (Compressor gzip = Compression.GZIP.newCompressor()) {
            gzip.compress(input, input.length, out);
        }

        assertThat(out.size()).isLessThan(input.length / 10);
    }

    @Test
    void compressesOnlyTheGivenLength() throws IOException {
        byte[] input = "{\"a\":1}\n{\"b\":2}\nGARBAGE AFTER LENGTH".getBytes(StandardCharsets.UTF_8);
        JsonBuffer out = new JsonBuffer(64);
        out.write(new byte[100], 0, 100);
        try (Compressor gzip = Compression.GZIP.newCompressor()) {
            gzip.compress(input, 16, out);
        }

        assertThat(new String(gunzip(out), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}\n{\"b\":2}\n");
    }

    @Test
    void zstdRoundTripsAcrossReusedBatches() {
        assumeThat(ZstdSupport.loads()).as("zstd native library loads here").isTrue();
        JsonBuffer out = new JsonBuffer(64);
        try (Compressor zstd = Compression.ZSTD.newCompressor()) {
            for (int i = 0; i < SIZES.length; i++) {
                byte[] input = batch(SIZES[i], i);

                zstd.compress(input, input.length, out);

                byte[] restored = Zstd.decompress(Arrays.copyOf(out.array(), out.size()), input.length);
                assertThat(restored).as("batch %d of %d bytes", i, SIZES[i]).isEqualTo(input);
            }
        }
    }

    @Test
    void noneCopiesTheBatch() {
        byte[] input = batch(10_000, 2);
        JsonBuffer out = new JsonBuffer(64);
        try (Compressor none = Compression.NONE.newCompressor()) {
            none.compress(input, 1234, out);
            assertThat(out.toByteArray()).isEqualTo(Arrays.copyOf(input, 1234));
            none.compress(input, 10, out);
            assertThat(out.toByteArray()).isEqualTo(Arrays.copyOf(input, 10));
        }
    }

    @Test
    void contentEncodings() {
        assertThat(Compression.NONE.contentEncoding()).isNull();
        assertThat(Compression.GZIP.contentEncoding()).isEqualTo("gzip");
        assertThat(Compression.ZSTD.contentEncoding()).isEqualTo("zstd");
    }

    @Test
    void zstdFallsBackToGzipWithOneWarningWhenTheNativeLibraryCannotLoad() {
        RecordingDiagnostics diagnostics = new RecordingDiagnostics();

        Compression resolved = Compression.resolve(Compression.ZSTD, () -> false, diagnostics);

        assertThat(resolved).isEqualTo(Compression.GZIP);
        assertThat(diagnostics.warnings).singleElement().asString().contains("zstd", "gzip");
        assertThat(diagnostics.errors).isEmpty();
    }

    @Test
    void resolveKeepsWhatLoadsAndNeverAsksForTheOthers() {
        RecordingDiagnostics diagnostics = new RecordingDiagnostics();

        assertThat(Compression.resolve(Compression.ZSTD, () -> true, diagnostics)).isEqualTo(Compression.ZSTD);
        assertThat(Compression.resolve(Compression.GZIP, () -> {
            throw new AssertionError("not asked");
        }, diagnostics)).isEqualTo(Compression.GZIP);
        assertThat(Compression.resolve(Compression.NONE, () -> false, diagnostics)).isEqualTo(Compression.NONE);
        assertThat(diagnostics.warnings).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"GZIP, GZIP", "gzip, GZIP", "' Zstd ', ZSTD", "none, NONE"})
    void parsesCaseInsensitively(String text, Compression expected) {
        assertThat(Compression.parse(text)).isEqualTo(expected);
    }

    @Test
    void parseNamesTheChoicesForABadValue() {
        assertThatThrownBy(() -> Compression.parse("bogus"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'bogus' is not a compression; use none, gzip, zstd or auto");
    }
}
