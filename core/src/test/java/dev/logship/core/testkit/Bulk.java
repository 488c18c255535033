package dev.logship.core.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads an uncompressed {@code _bulk} body: an action line and a document per event. */
public final class Bulk {
    private Bulk() {
    }

    /** The documents of a body, checking that each follows a {@code create} action with a 22-char id. */
    public static List<Map<String, Object>> documents(byte[] body) {
        if (body.length > 0 && body[body.length - 1] != '\n') {
            throw new AssertionError("a bulk body must end with a newline");
        }
        List<Object> values = Json.values(body);
        if (values.size() % 2 != 0) {
            throw new AssertionError("odd number of bulk lines: " + values.size());
        }
        List<Map<String, Object>> documents = new ArrayList<>();
        for (int i = 0; i < values.size(); i += 2) {
            Map<String, Object> action = Json.asMap(values.get(i));
            Map<String, Object> create = Json.asMap(action.get("create"));
            if (create == null || !(create.get("_id") instanceof String) || ((String) create.get("_id")).length() != 22) {
                throw new AssertionError("not a create action with an event id: " + action);
            }
            documents.add(Json.asMap(values.get(i + 1)));
        }
        return documents;
    }
}
