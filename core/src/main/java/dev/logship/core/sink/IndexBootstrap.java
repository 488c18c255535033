package dev.logship.core.sink;

import dev.logship.core.deliver.HttpReply;
import dev.logship.core.deliver.HttpSender;
import dev.logship.core.diag.Diagnostics;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Prepares the target once on start ({@code elasticsearch.bootstrapTemplate}): an index template named
 * {@code logship-<target>}, unless one of that name exists, with ECS types for the fields logship writes
 * and keywords for {@code labels.*}; and with {@code elasticsearch.retention}, a lifecycle policy that
 * rolls the data over daily and deletes it after the retention — ILM on Elasticsearch, ISM on OpenSearch,
 * where the cluster has it (otherwise the template is made without one, and that is said). Every refusal
 * is reported with what to do; nothing here stops the application.
 */
final class IndexBootstrap {
    private final ElasticsearchConfig config;
    private final HttpSender sender;
    private final String base;
    private final Diagnostics diagnostics;
    private final String name;
    private final String pattern;

    IndexBootstrap(ElasticsearchConfig config, HttpSender sender, String base, Diagnostics diagnostics) {
        this.config = config;
        this.sender = sender;
        this.base = base;
        this.diagnostics = diagnostics;
        this.name = "logship-" + (config.dataStream() != null ? config.dataStream()
                : config.index().replaceAll("%d\\{[^}]*}", "").replaceAll("[^a-z0-9_.-]", ""));
        this.pattern = config.dataStream() != null ? config.dataStream() : config.index().replaceAll("%d\\{[^}]*}", "*");
    }

    void run(ServerInfo server) {
        String policy = config.retention() == null ? null : policy(server);
        try {
            HttpReply reply = sender.put(URI.create(base + "/_index_template/" + name + "?create=true"),
                    template(server != null && !server.isOpenSearch() ? policy : null));
            report(reply, "index template", "manage_index_templates");
        } catch (IOException e) {
            diagnostics.warn("logship: could not create index template '" + name + "': " + e.getMessage(), null);
        }
    }

    /** Creates the lifecycle policy unless it exists; returns its name, or null when there is none. */
    private String policy(ServerInfo server) {
        boolean openSearch = server != null && server.isOpenSearch();
        String path = openSearch ? "/_plugins/_ism/policies/" + name : "/_ilm/policy/" + name;
        try {
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
        } catch (IOException e) {
            diagnostics.warn("logship: could not create lifecycle policy '" + name + "': " + e.getMessage(), null);
            return null;
        }
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

    /** Elasticsearch ILM: roll over daily (or at 50 GB a shard), delete after the retention. */
    private String ilm() {
        return "{\"policy\":{\"_meta\":{\"managed_by\":\"logship\"},\"phases\":{"
                + "\"hot\":{\"actions\":{\"rollover\":{\"max_age\":\"1d\",\"max_primary_shard_size\":\"50gb\"}}},"
                + "\"delete\":{\"min_age\":\"" + age(config.retention()) + "\",\"actions\":{\"delete\":{}}}}}}";
    }

    /** OpenSearch ISM: the same, attached to the target's indices by its own ism_template. */
    private String ism() {
        return "{\"policy\":{\"description\":\"logship: delete after " + age(config.retention()) + "\","
                + "\"default_state\":\"hot\",\"states\":["
                + "{\"name\":\"hot\",\"actions\":[{\"rollover\":{\"min_index_age\":\"1d\"}}],"
                + "\"transitions\":[{\"state_name\":\"delete\",\"conditions\":{\"min_index_age\":\""
                + age(config.retention()) + "\"}}]},"
                + "{\"name\":\"delete\",\"actions\":[{\"delete\":{}}],\"transitions\":[]}],"
                + "\"ism_template\":[{\"index_patterns\":[\"" + (config.dataStream() != null ? ".ds-" : "") + pattern
                + "*\"],\"priority\":100}]}}";
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
