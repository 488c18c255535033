package dev.logship.core.sink;

import dev.logship.core.deliver.HttpReply;
import dev.logship.core.deliver.HttpSender;
import dev.logship.core.diag.Diagnostics;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Prepares the target once on start ({@code elasticsearch.bootstrapTemplate}): an index template named
 * {@code logship-<target>}, unless one of that name exists, with ECS types for the fields logship writes
 * and keywords for {@code labels.*}; and with {@code elasticsearch.retention}, a lifecycle policy that
 * deletes the data after the retention — ILM on Elasticsearch, ISM on OpenSearch, where the cluster has it
 * (otherwise the template is made without one, and that is said). A data stream's policy also rolls it
 * over daily, so that whole days can go; a dated index is never rolled over (it has no alias to roll), so
 * its policy deletes each index once its newest event is older than the retention: the retention plus the
 * time one index is written to ({@code app-%d{yyyy.MM.dd}}: a day), counted from its creation. (An index
 * name without a date is refused with a retention: see {@link ElasticsearchConfig#checkRetention}.) The
 * configured URLs are tried in
 * turn until one answers. Every refusal is reported with what to do; nothing here stops the application.
 */
final class IndexBootstrap {
    private final ElasticsearchConfig config;
    private final HttpSender sender;
    private final List<String> bases;
    private final Diagnostics diagnostics;
    private final String name;
    private final String pattern;

    IndexBootstrap(ElasticsearchConfig config, HttpSender sender, List<String> bases, Diagnostics diagnostics) {
        this.config = config;
        this.sender = sender;
        this.bases = List.copyOf(bases);
        this.diagnostics = diagnostics;
        this.name = "logship-" + (config.dataStream() != null ? config.dataStream()
                : config.index().replaceAll("%d\\{[^}]*}", "").replaceAll("[^a-z0-9_.-]", ""));
        this.pattern = config.dataStream() != null ? config.dataStream() : config.index().replaceAll("%d\\{[^}]*}", "*");
    }

    /** Runs against the first node that answers; a node that cannot be reached passes to the next. */
    void run(ServerInfo server) {
        IOException last = null;
        for (String base : bases) {
            try {
                runOn(base, server);
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        diagnostics.warn("logship: could not create index template '" + name + "': no node answered " + bases
                + " (last: " + (last == null ? "none" : last.getMessage()) + "); it is tried again on the next start", null);
    }

    private void runOn(String base, ServerInfo server) throws IOException {
        String policy = config.retention() == null ? null : policy(base, server);
        HttpReply reply = sender.put(URI.create(base + "/_index_template/" + name + "?create=true"),
                template(server != null && !server.isOpenSearch() ? policy : null));
        report(reply, "index template", "manage_index_templates");
    }

    /** Creates the lifecycle policy unless it exists; returns its name, or null when there is none. */
    private String policy(String base, ServerInfo server) throws IOException {
        boolean openSearch = server != null && server.isOpenSearch();
        String path = openSearch ? "/_plugins/_ism/policies/" + name : "/_ilm/policy/" + name;
        HttpReply existing = sender.get(URI.create(base + path));
        if (existing.isSuccess()) {
            diagnostics.info("logship: lifecycle policy '" + name + "' exists; left as it is");
            return name;
        }
        if (existing.status() != 404 || existing.bodyPreview().contains("no handler found")
                || existing.bodyPreview().contains("Incorrect HTTP method")) {
            diagnostics.info("logship: " + (server == null ? "the cluster" : server) + " offers no "
                    + (openSearch ? "ISM" : "ILM") + " lifecycle policies (HTTP " + existing.status()
                    + "); the index template is made without one, so elasticsearch.retention is not applied");
            return null;
        }
        HttpReply created = sender.put(URI.create(base + path), openSearch ? ism() : ilm());
        return report(created, "lifecycle policy", openSearch ? "the ISM policy permissions" : "manage_ilm")
                ? name : null;
    }

    private boolean report(HttpReply reply, String what, String privilege) {
        if (reply.isSuccess()) {
            diagnostics.info("logship: created " + what + " '" + name + "' for " + config.target());
            return true;
        }
        if (reply.status() == 400 && reply.bodyPreview().contains("already exists")) {
            diagnostics.info("logship: " + what + " '" + name + "' exists; left as it is");
            return true;
        }
        if (reply.status() == 401 || reply.status() == 403) {
            diagnostics.warn("logship: not allowed to create " + what + " '" + name + "' (HTTP " + reply.status()
                    + "); grant " + privilege + ", create it yourself, or set elasticsearch.bootstrapTemplate=false", null);
        } else {
            diagnostics.warn("logship: could not create " + what + " '" + name + "': HTTP " + reply.status() + " "
                    + reply.bodyPreview(), null);
        }
        return false;
    }

    /**
     * Elasticsearch ILM: a data stream rolls over daily (or at 50 GB a shard) and each generation is deleted
     * the retention after its rollover; a dated index is deleted the retention after its last day (or hour,
     * month …) of writes.
     */
    private String ilm() {
        String hot = config.dataStream() != null
                ? "\"hot\":{\"actions\":{\"rollover\":{\"max_age\":\"1d\",\"max_primary_shard_size\":\"50gb\"}}},"
                : "\"hot\":{\"actions\":{}},";
        return "{\"policy\":{\"_meta\":{\"managed_by\":\"logship\"},\"phases\":{" + hot
                + "\"delete\":{\"min_age\":\"" + age(deleteAfter()) + "\",\"actions\":{\"delete\":{}}}}}}";
    }

    /**
     * OpenSearch ISM, attached to the target's indices by its own ism_template: a data stream's backing
     * indices roll over daily; a dated index only waits for its age.
     */
    private String ism() {
        String rollover = config.dataStream() != null ? "{\"rollover\":{\"min_index_age\":\"1d\"}}" : "";
        String indices = config.dataStream() != null ? ".ds-" + pattern + "*" : pattern;
        return "{\"policy\":{\"description\":\"logship: delete after " + age(config.retention()) + "\","
                + "\"default_state\":\"hot\",\"states\":["
                + "{\"name\":\"hot\",\"actions\":[" + rollover + "],"
                + "\"transitions\":[{\"state_name\":\"delete\",\"conditions\":{\"min_index_age\":\""
                + age(deleteAfter()) + "\"}}]},"
                + "{\"name\":\"delete\",\"actions\":[{\"delete\":{}}],\"transitions\":[]}],"
                + "\"ism_template\":[{\"index_patterns\":[\"" + indices + "\"],\"priority\":100}]}}";
    }

    /**
     * The age (from the index's creation, or a data stream generation's rollover) at which it goes: the
     * retention, plus for a dated index the time it is written to, so that its newest event is kept as long.
     */
    private Duration deleteAfter() {
        Duration period = config.dataStream() != null ? null : IndexTarget.period(config.index());
        return period == null ? config.retention() : config.retention().plus(period);
    }

    /** A duration as Elasticsearch writes ages: whole days, else hours, else seconds. */
    static String age(Duration d) {
        long seconds = Math.max(1, d.getSeconds());
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        return seconds % 3_600 == 0 ? seconds / 3_600 + "h" : seconds + "s";
    }

    private String template(String ilmPolicy) {
        return "{\"index_patterns\":[\"" + pattern + "\"]," + (config.dataStream() != null ? "\"data_stream\":{}," : "")
                + "\"priority\":200,\"_meta\":{\"managed_by\":\"logship\"},\"template\":{"
                + (ilmPolicy == null ? "" : "\"settings\":{\"index.lifecycle.name\":\"" + ilmPolicy + "\"},")
                + "\"mappings\":{"
                + "\"dynamic_templates\":[{\"labels\":{\"path_match\":\"labels.*\",\"mapping\":{\"type\":\"keyword\"}}}],"
                + "\"properties\":{\"@timestamp\":{\"type\":\"date\"},\"message\":{\"type\":\"text\"},"
                + "\"log.level\":{\"type\":\"keyword\"},\"log.logger\":{\"type\":\"keyword\"},"
                + "\"process.thread.name\":{\"type\":\"keyword\"},\"service.name\":{\"type\":\"keyword\"},"
                + "\"host.name\":{\"type\":\"keyword\"},\"event.id\":{\"type\":\"keyword\"},"
                + "\"tags\":{\"type\":\"keyword\"},\"error.type\":{\"type\":\"keyword\"},"
                + "\"error.message\":{\"type\":\"text\"},\"error.stack_trace\":{\"type\":\"text\"}}}}}";
    }
}
