package dev.logship.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

    @ParameterizedTest
    @CsvSource({
            "64MB, 67108864",
            "8KB, 8192",
            "1GB, 1073741824",
            "512, 512",
            "512B, 512",
            "64 MB, 67108864",
            "8kb, 8192",
            "8KiB, 8192",
            "2MiB, 2097152",
            "1GiB, 1073741824",
            "1.5KB, 1536",
            "4k, 4096",
            "'  1M ', 1048576"})
    void parsesHumanSizes(String text, long bytes) {
        assertThat(Sizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"big", "64 parsecs", "MB", "-1MB", "1TB", "1.2.3MB", ".", "eight KB"})
    void rejectsBadInputWithAnExample(String text) {
        assertThatThrownBy(() -> Sizes.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("8MB");
    }

    @ParameterizedTest
    @CsvSource({"8388608, 8MB", "1073741824, 1GB", "8192, 8KB", "1536, 1536B", "0, 0B", "5242880, 5MB"})
    void formatsCompactly(long bytes, String text) {
        assertThat(Sizes.format(bytes)).isEqualTo(text);
        assertThat(Sizes.parse(text)).isEqualTo(bytes);
    }
}
