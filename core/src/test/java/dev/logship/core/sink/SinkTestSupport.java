package dev.logship.core.sink;

import dev.logship.core.encode.EventEncoder;

/** Opens the package-private {@code _bulk} framing to test code in other packages. */
public final class SinkTestSupport {
    private SinkTestSupport() {
    }

    /** {@code create} records (data stream target) around {@code document}. */
    public static EventEncoder bulk(EventEncoder document) {
        return new ElasticsearchBulkEncoder(document, null);
    }
}
