package dev.logship.core.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Reads {@link ServerInfo} from the answers of {@code GET /} and {@code GET /_nodes/_local}. */
final class ServerInfos {
    private ServerInfos() {
    }

    /** {@code {"version": {"distribution": "opensearch", "number": "2.19.1", ...}, ...}}. */
    static ServerInfo fromRoot(JsonFactory json, byte[] body) throws IOException {
        String distribution = "elasticsearch";
        String number = null;
        try (JsonParser p = json.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("version".equals(field) && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        JsonToken v = p.nextToken();
                        if ("distribution".equals(name) && v == JsonToken.VALUE_STRING) {
                            distribution = p.getText();
                        } else if ("number".equals(name) && v == JsonToken.VALUE_STRING) {
                            number = p.getText();
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        if (number == null) {
            throw new IOException("the answer names no version");
        }
        return new ServerInfo(distribution, number);
    }

    /** {@code {"nodes": {"<id>": {"version": "9.5.3"}}}}: only Elasticsearch answers this way here. */
    static ServerInfo fromNodes(JsonFactory json, byte[] body) throws IOException {
        try (JsonParser p = json.createParser(body)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && "version".equals(p.currentName()) && p.nextToken() == JsonToken.VALUE_STRING) {
                    return new ServerInfo("elasticsearch", p.getText());
                }
            }
        }
        throw new IOException("the answer names no version");
    }
}
