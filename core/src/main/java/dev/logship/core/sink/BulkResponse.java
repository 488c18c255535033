package dev.logship.core.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@code _bulk} response with Jackson's streaming parser, never assuming key order (an HTTP
 * 200 may carry {@code "errors":true}): per item, 2xx is delivered, a 409 on {@code create} (our own
 * id already indexed) is delivered, 429 and 5xx may succeed on a retry, anything else is a permanent
 * rejection counted by its error type.
 *
 * @param items       items read
 * @param delivered   items delivered (including 409 on create)
 * @param retryable   items that failed with 429 or 5xx
 * @param rejected    permanently rejected items by error type
 * @param firstError  "type: reason" of the first failed item, or null
 * @param retryItems  positions of the retryable items, in request order
 * @param rejections  the permanently rejected items: position and "status type: reason"
 */
record BulkResponse(int items, int delivered, int retryable, Map<String, Integer> rejected, String firstError,
                    int[] retryItems, java.util.List<dev.logship.core.deliver.DeliveryResult.Rejection> rejections) {

    static BulkResponse parse(JsonFactory json, byte[] body) throws IOException {
        return parse(json, body, -1);
    }

    /**
     * As {@link #parse(JsonFactory, byte[])}, but when {@code "errors": false} comes before the items
     * (as Elasticsearch and OpenSearch write it) the items are not read: all {@code events} succeeded.
     * Reading 5,000 items per batch was a third of the sender threads' time.
     */
    static BulkResponse parse(JsonFactory json, byte[] body, int events) throws IOException {
        Counts counts = new Counts();
        try (JsonParser p = json.createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (events >= 0 && "errors".equals(field) && value == JsonToken.VALUE_FALSE && counts.items == 0) {
                    return new BulkResponse(events, events, 0, Map.of(), null, new int[0], java.util.List.of());
                }
                if ("items".equals(field) && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        readItem(p, counts);
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return new BulkResponse(counts.items, counts.delivered, counts.retryable, counts.rejected, counts.firstError,
                counts.retryItems.stream().mapToInt(Integer::intValue).toArray(), counts.rejections);
    }

    /** One item: {@code {"create": {"status": 201, "error": {"type": ..., "reason": ...}, ...}}}. */
    private static void readItem(JsonParser p, Counts counts) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String op = p.currentName();
            expect(p.nextToken(), JsonToken.START_OBJECT);
            int status = 0;
            String type = null;
            String reason = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("status".equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
                    status = p.getIntValue();
                } else if ("error".equals(field) && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String errorField = p.currentName();
                        JsonToken errorValue = p.nextToken();
                        if ("type".equals(errorField) && errorValue == JsonToken.VALUE_STRING) {
                            type = p.getText();
                        } else if ("reason".equals(errorField) && errorValue == JsonToken.VALUE_STRING) {
                            reason = p.getText();
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            counts.add(op, status, type, reason);
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("unexpected bulk response: " + actual + " where " + expected + " was expected");
        }
    }

    private static final class Counts {
        int items;
        int delivered;
        int retryable;
        final Map<String, Integer> rejected = new LinkedHashMap<>();
        String firstError;
        final java.util.List<Integer> retryItems = new java.util.ArrayList<>();
        final java.util.List<dev.logship.core.deliver.DeliveryResult.Rejection> rejections = new java.util.ArrayList<>();

        void add(String op, int status, String type, String reason) {
            int position = items++;
            if ((status >= 200 && status < 300) || (status == 409 && "create".equals(op))) {
                delivered++;
                return;
            }
            if (firstError == null) {
                firstError = status + " " + type + ": " + reason;
            }
            if (status == 429 || status >= 500 || status == 0) {
                retryable++;
                retryItems.add(position);
            } else {
                rejected.merge(type == null ? "http_" + status : type, 1, Integer::sum);
                rejections.add(new dev.logship.core.deliver.DeliveryResult.Rejection(position,
                        status + " " + type + ": " + reason));
            }
        }
    }
}
