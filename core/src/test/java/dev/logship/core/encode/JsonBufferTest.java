package dev.logship.core.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBufferTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void growsAsWritten() {
        JsonBuffer buffer = new JsonBuffer(1);
        byte[] chunk = bytes("0123456789");

        for (int i = 0; i < 1000; i++) {
            buffer.write(chunk, 0, chunk.length);
        }
        buffer.write('!');

        assertThat(buffer.size()).isEqualTo(10_001);
        assertThat(new String(buffer.toByteArray(), StandardCharsets.UTF_8)).startsWith("0123456789012").endsWith("89!");
    }

    @Test
    void truncateUndoesAWrite() {
        JsonBuffer buffer = new JsonBuffer(64);
        buffer.write(bytes("{\"a\":1}"), 0, 7);
        int mark = buffer.size();
        buffer.write(bytes("{\"broken\":"), 0, 10);

        buffer.truncate(mark);

        assertThat(new String(buffer.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThatThrownBy(() -> buffer.truncate(mark + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> buffer.truncate(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shrinkReleasesAGrownArrayOnlyWhenTheContentFits() {
        JsonBuffer buffer = new JsonBuffer(64);
        buffer.ensure(1 << 20);
        buffer.write(bytes("abc"), 0, 3);

        buffer.shrinkTo(1024);

        assertThat(buffer.array().length).isEqualTo(1024);
        assertThat(buffer.toByteArray()).isEqualTo(bytes("abc"));
        buffer.reset();
        assertThat(buffer.size()).isZero();
    }

    @Test
    void setSizeAfterWritingIntoTheArray() {
        JsonBuffer buffer = new JsonBuffer(64);
        buffer.ensure(10);
        System.arraycopy(bytes("xyz"), 0, buffer.array(), 0, 3);

        buffer.setSize(3);

        assertThat(buffer.toByteArray()).isEqualTo(bytes("xyz"));
    }
}
