package dev.logship.core.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimestampsTest {
    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static String iso(Timestamps timestamps, Instant at) {
        return new String(timestamps.iso(at.getEpochSecond(), at.getNano()), 0, Timestamps.ISO_LENGTH);
    }

    private static String epoch(Timestamps timestamps, long second, int nanos) {
        int length = timestamps.epochSeconds(second, nanos);
        return new String(timestamps.epochBuffer(), 0, length);
    }

    @ParameterizedTest
    @CsvSource({
            "2025-11-26T11:04:38.123456789Z, 2025-11-26T11:04:38.123456Z",
            "2025-11-26T11:04:38Z, 2025-11-26T11:04:38.000000Z",
            "2025-11-26T11:04:38.999999999Z, 2025-11-26T11:04:38.999999Z",
            "2025-11-26T11:04:38.000000999Z, 2025-11-26T11:04:38.000000Z",
            "1970-01-01T00:00:00Z, 1970-01-01T00:00:00.000000Z",
            "2024-02-29T23:59:59.5Z, 2024-02-29T23:59:59.500000Z"})
    void formatsIsoUtcWithMicroseconds(Instant at, String expected) {
        assertThat(iso(new Timestamps(), at)).isEqualTo(expected).hasSize(Timestamps.ISO_LENGTH);
    }

    @Test
    void isoFollowsTheClockAcrossSecondMinuteDayAndYearBoundaries() {
        Timestamps timestamps = new Timestamps();
        Instant last = Instant.parse("2025-12-31T23:59:59.999999999Z");

        assertThat(iso(timestamps, last)).isEqualTo("2025-12-31T23:59:59.999999Z");
        assertThat(iso(timestamps, last.plusNanos(1))).isEqualTo("2026-01-01T00:00:00.000000Z");
        assertThat(iso(timestamps, last.plusNanos(1_000))).isEqualTo("2026-01-01T00:00:00.000000Z");
        assertThat(iso(timestamps, last.plusSeconds(1))).isEqualTo("2026-01-01T00:00:00.999999Z");
        assertThat(iso(timestamps, last)).isEqualTo("2025-12-31T23:59:59.999999Z");
    }

    @Test
    void isoMatchesTheJdkFormatterForRandomInstantsInAnyOrder() {
        Timestamps timestamps = new Timestamps();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            long second = random.nextLong(0, 4_102_444_800L);
            if (i % 3 == 0) {
                second = 1_764_155_078L + random.nextInt(3);
            }
            Instant at = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
            assertThat(iso(timestamps, at)).as("%s", at).isEqualTo(REFERENCE.format(at));
        }
    }

    @ParameterizedTest
    @CsvSource({
            "1764155078, 123456789, 1764155078.123456",
            "1764155078, 0, 1764155078.000000",
            "1764155078, 999999999, 1764155078.999999",
            "1764155079, 0, 1764155079.000000",
            "0, 1000, 0.000001",
            "9, 500000000, 9.500000"})
    void formatsEpochSecondsWithSixFractionDigits(long second, int nanos, String expected) {
        assertThat(epoch(new Timestamps(), second, nanos)).isEqualTo(expected);
    }

    @Test
    void epochSecondsAcrossASecondBoundaryWithAReusedBuffer() {
        Timestamps timestamps = new Timestamps();

        assertThat(epoch(timestamps, 1764155078L, 999_999_999)).isEqualTo("1764155078.999999");
        assertThat(epoch(timestamps, 1764155079L, 0)).isEqualTo("1764155079.000000");
        assertThat(epoch(timestamps, 99L, 1)).isEqualTo("99.000000");
        assertThat(epoch(timestamps, 10_000_000_000L, 7_000)).isEqualTo("10000000000.000007");
    }
}
