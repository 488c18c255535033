package dev.logship.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's Spring Boot property table is the configuration processor's metadata: every property, with its
 * default, and nothing that does not exist. Regenerate the table from the metadata when a property changes.
 */
class PropertyTableTest {

    @Test
    void theReadmeListsEveryPropertyWithItsDefault() throws IOException {
        Map<String, String> metadata = metadata(Path.of("target/classes/META-INF/spring-configuration-metadata.json"));
        Map<String, String> readme = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("../README.md"))) {
            if (line.startsWith("| `logship.")) {
                String[] cells = line.split("\\|");
                readme.put(cells[1].trim().replace("`", ""), cells[2].trim().replace("`", ""));
            }
        }
        assertThat(metadata).hasSizeGreaterThan(60);
        assertThat(readme.keySet()).containsExactlyInAnyOrderElementsOf(metadata.keySet());
        metadata.forEach((name, value) -> assertThat(readme.get(name)).as(name).isEqualTo(value == null ? "—" : value));
    }

    /** Property name → default as text (null when none), from the processor's JSON. */
    private static Map<String, String> metadata(Path file) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(file.toFile())) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.FIELD_NAME && parser.currentName().equals("properties")) {
                    parser.nextToken(); // [
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        String name = null;
                        String value = null;
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String field = parser.currentName();
                            JsonToken token = parser.nextToken();
                            if (field.equals("name")) {
                                name = parser.getText();
                            } else if (field.equals("defaultValue")) {
                                value = token == JsonToken.VALUE_NULL ? null : parser.getText();
                            } else {
                                parser.skipChildren();
                            }
                        }
                        properties.put(name, value);
                    }
                }
            }
        }
        return properties;
    }
}
