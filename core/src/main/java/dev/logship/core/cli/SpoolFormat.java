package dev.logship.core.cli;

import dev.logship.core.batch.Batch;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a spool holds, told from its records (they are stored in the sink's wire format), and what a
 * {@code --url} takes: Elasticsearch {@code _bulk} records (an action line, then the document) or GELF
 * messages (one JSON object each).
 */
enum SpoolFormat {
    ELASTICSEARCH("Elasticsearch _bulk records (written by an Elasticsearch/OpenSearch sink)",
            "an Elasticsearch/OpenSearch URL", "the Elasticsearch/OpenSearch node they were logged for, e.g. "
            + "http://localhost:9200"),
    GELF("GELF messages (written by a Graylog sink)", "a Graylog GELF input",
            "a Graylog GELF input: http://graylog:12201/gelf or tcp://graylog:12201 (an http(s) URL is a GELF "
            + "input when its path ends in /gelf)");

    private final String holds;
    private final String url;
    private final String fix;

    SpoolFormat(String holds, String url, String fix) {
        this.holds = holds;
        this.url = url;
        this.fix = fix;
    }

    /** The format of the batch's first record, or null when it is neither. */
    static SpoolFormat of(Batch batch) {
        if (batch.events() == 0) {
            return null;
        }
        int start = batch.recordStart(0);
        String head = new String(batch.data().array(), start, Math.min(64, batch.recordEnd(0) - start),
                StandardCharsets.UTF_8).stripLeading();
        if (head.startsWith("{\"create\":") || head.startsWith("{\"index\":")) {
            return ELASTICSEARCH;
        }
        return head.startsWith("{\"version\":\"1.1\"") ? GELF : null;
    }

    /**
     * What {@code url} (the first of a comma-separated list) takes: tcp, tcp+tls and udp URLs, and http(s)
     * URLs whose path ends in {@code /gelf} (an input behind a proxy's prefix too), are Graylog GELF inputs; any
     * other http(s) URL is Elasticsearch.
     */
    static SpoolFormat ofUrl(String url) {
        String first = url.split(",")[0].trim().toLowerCase(Locale.ROOT);
        if (first.startsWith("tcp://") || first.startsWith("tcp+tls://") || first.startsWith("udp://")) {
            return GELF;
        }
        String path = first.replaceFirst("^[a-z+]+://[^/]*", "").replaceFirst("[?#].*", "");
        return path.endsWith("/gelf") || path.endsWith("/gelf/") ? GELF : ELASTICSEARCH;
    }

    /** The one message for a spool of this format sent to {@code url} of another. */
    String mismatch(java.nio.file.Path dir, String url, SpoolFormat target) {
        return "logship spool: " + dir + " holds " + holds + ", but --url " + redact(url) + " is " + target.url
                + "; set --url to " + fix;
    }

    /** The URL without user information (credentials). */
    static String redact(String url) {
        return url.replaceAll("//[^/@]*@", "//");
    }
}
