package dev.logship.core.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.logship.core.testkit.RecordingDiagnostics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterFileTest {
    @TempDir
    Path dir;

    private final RecordingDiagnostics diagnostics = new RecordingDiagnostics();

    private static Map<String, String> parse(String line) throws Exception {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(line)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                fields.put(name, p.getText());
            }
        }
        return fields;
    }

    @Test
    void keepsEachRejectedRecordWithItsReasonInAPrivateFile() throws Exception {
        Path file = dir.resolve("nested/dead-letter.ndjson");
        byte[] batch = "{\"create\":{}}\n{\"message\":\"one\"}\n{\"create\":{}}\n{\"message\":\"two\"}\n"
                .getBytes(StandardCharsets.UTF_8);
        try (DeadLetterFile dead = new DeadLetterFile(file, 1 << 20, diagnostics)) {
            dead.write(batch, 0, 32, "400 mapper_parsing_exception: bad amount");
            dead.write(batch, 32, batch.length - 32, "400 mapper_parsing_exception: bad date");
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        Map<String, String> first = parse(lines.get(0));
        assertThat(first.get("error")).isEqualTo("400 mapper_parsing_exception: bad amount");
        assertThat(first.get("record")).isEqualTo("{\"create\":{}}\n{\"message\":\"one\"}");
        assertThat(first).containsKey("@timestamp");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void stopsAtItsLimitWithOneWarning() throws Exception {
        Path file = dir.resolve("small.ndjson");
        byte[] record = "x".repeat(400).getBytes(StandardCharsets.UTF_8);
        try (DeadLetterFile dead = new DeadLetterFile(file, 2048, diagnostics)) {
            for (int i = 0; i < 20; i++) {
                dead.write(record, 0, record.length, "rejected");
            }
        }

        assertThat(Files.size(file)).isLessThanOrEqualTo(2048);
        assertThat(Files.readAllLines(file)).hasSizeBetween(3, 4);
        assertThat(diagnostics.warnings).singleElement().satisfies(w -> assertThat(w).contains("reached its limit"));
    }

    @Test
    void anUnwritablePlaceIsReportedOnceAndNeverThrows() {
        Path file = dir.resolve("blocker/dead.ndjson");
        try (DeadLetterFile dead = new DeadLetterFile(file, 1 << 20, diagnostics)) {
            Files.writeString(dir.resolve("blocker"), "a file where a directory should be");
            dead.write(new byte[] {'a'}, 0, 1, "rejected");
            dead.write(new byte[] {'b'}, 0, 1, "rejected");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }

        assertThat(diagnostics.warnings).singleElement().satisfies(w -> assertThat(w).contains("cannot write"));
    }
}
