package dev.logship.core.sink;

import com.fasterxml.jackson.core.JsonFactory;
import dev.logship.core.deliver.DeliveryResult;
import dev.logship.core.deliver.HttpReply;
import dev.logship.core.deliver.HttpSender;
import dev.logship.core.encode.EcsEncoder;
import dev.logship.core.encode.EncoderSettings;
import dev.logship.core.encode.EventEncoder;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.core5.http.ContentType;

/**
 * Elasticsearch / OpenSearch {@code _bulk}: ECS documents, {@code create} into a data stream (or
 * {@code index} into a dated index), each with the event id as {@code _id} so that sending a batch
 * again never indexes it twice. Several URLs are used round-robin; a node that fails (connection
 * error, 429, 5xx) is skipped for a few seconds while others answer.
 */
public final class ElasticsearchSink implements Sink {
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");
    private static final String FILTER = "?filter_path=errors,items.*.status,items.*.error.type,items.*.error.reason";

    private final ElasticsearchConfig config;
    private final HttpSender sender;
    private final List<URI> bulkUris;
    private final String bulkPath;
    private static final long COOL_DOWN_MILLIS = 5_000;
    private final AtomicInteger next = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLongArray coolingUntil;
    private final JsonFactory json = new JsonFactory();

    public ElasticsearchSink(ElasticsearchConfig config, HttpSender sender) {
        this.config = config;
        this.sender = sender;
        String path = config.dataStream() != null ? "/" + config.dataStream() + "/_bulk" : "/_bulk";
        this.bulkPath = path;
        this.bulkUris = config.urls().stream().map(u -> URI.create(u.toString() + path + FILTER)).toList();
        this.coolingUntil = new java.util.concurrent.atomic.AtomicLongArray(bulkUris.size());
        long now = System.nanoTime();
        for (int i = 0; i < bulkUris.size(); i++) {
            coolingUntil.set(i, now);
        }
    }

    @Override
    public EventEncoder encoder(EncoderSettings settings) {
        return new ElasticsearchBulkEncoder(new EcsEncoder(settings), config.index(), config.documentIds());
    }

    @Override
    public DeliveryResult deliver(byte[] body, int length, String contentEncoding, int events) throws IOException {
        int node = pickNode();
        URI uri = bulkUris.get(node);
        HttpReply reply;
        try {
            reply = sender.post(uri, body, length, NDJSON, contentEncoding);
        } catch (IOException e) {
            coolDown(node);
            throw e;
        }
        if (!reply.isSuccess()) {
            if (reply.status() == 413) {
                return DeliveryResult.tooLarge("HTTP 413 from " + uri.getHost() + ": a request of " + events
                        + " events is too large; it is split (lower batch.maxBytes to avoid this)");
            }
            if (reply.isRetryable()) {
                coolDown(node);
                return DeliveryResult.retry(0, Map.of(), reply.retryAfter(), "HTTP " + reply.status() + " from " + uri.getHost()
                        + ": " + reply.bodyPreview());
            }
            return DeliveryResult.failed("HTTP " + reply.status() + " from " + uri.getHost() + " (not retried): "
                    + reply.bodyPreview());
        }
        BulkResponse items;
        try {
            items = BulkResponse.parse(json, reply.body(), events);
        } catch (IOException e) {
            return DeliveryResult.retry(0, Map.of(), null, "unreadable _bulk response: " + reply.bodyPreview());
        }
        int unaccounted = events - items.items();
        if (items.retryable() > 0 || unaccounted > 0) {
            int[] again = java.util.Arrays.copyOf(items.retryItems(), items.retryable() + Math.max(0, unaccounted));
            for (int i = 0; i < unaccounted; i++) {
                again[items.retryable() + i] = items.items() + i; // items the answer did not mention
            }
            return DeliveryResult.retryItems(items.delivered(), items.rejected(), again, reply.retryAfter(),
                    again.length + " of " + events + " items to retry, first: " + items.firstError())
                    .withRejections(items.rejections());
        }
        return new DeliveryResult(DeliveryResult.Outcome.DONE, items.delivered(), items.rejected(), null,
                items.firstError()).withRejections(items.rejections());
    }

    /**
     * {@code GET /} on each node until one answers: OpenSearch names its distribution there; Elasticsearch
     * 8/9 may answer 405 on {@code /}, then {@code /_nodes/_local} gives the version.
     */
    @Override
    public ServerInfo detect() throws IOException {
        IOException last = null;
        for (URI bulk : bulkUris) {
            String base = bulk.toString().substring(0, bulk.toString().indexOf(bulkPath));
            try {
                HttpReply root = sender.get(URI.create(base + "/"));
                if (root.isSuccess()) {
                    return ServerInfos.fromRoot(json, root.body());
                }
                HttpReply nodes = sender.get(URI.create(base + "/_nodes/_local?filter_path=nodes.*.version"));
                if (nodes.isSuccess()) {
                    return ServerInfos.fromNodes(json, nodes.body());
                }
                last = new IOException("HTTP " + root.status() + " from " + base + ": " + root.bodyPreview());
            } catch (IOException e) {
                last = e;
            }
        }
        throw last != null ? last : new IOException("no node to ask");
    }

    /**
     * With {@code bootstrapTemplate}: creates an index template for the target unless one of that name
     * exists ({@code create=true}): the data stream (or the dated indices) with ECS types for the fields
     * logship writes and keywords for {@code labels.*}. A refusal is reported with what to do.
     */
    @Override
    public void bootstrap(ServerInfo server, dev.logship.core.diag.Diagnostics diagnostics) {
        if (!config.bootstrapTemplate()) {
            return;
        }
        String name = "logship-" + (config.dataStream() != null ? config.dataStream()
                : config.index().replaceAll("%d\\{[^}]*}", "").replaceAll("[^a-z0-9_.-]", ""));
        String base = bulkUris.get(0).toString().substring(0, bulkUris.get(0).toString().indexOf(bulkPath));
        try {
            HttpReply reply = sender.put(URI.create(base + "/_index_template/" + name + "?create=true"), templateJson());
            if (reply.isSuccess()) {
                diagnostics.info("logship: created index template '" + name + "' for " + config.target());
            } else if (reply.status() == 400 && reply.bodyPreview().contains("already exists")) {
                diagnostics.info("logship: index template '" + name + "' exists; left as it is");
            } else if (reply.status() == 401 || reply.status() == 403) {
                diagnostics.warn("logship: not allowed to create index template '" + name + "' (HTTP " + reply.status()
                        + "); grant the manage_index_templates privilege, create it yourself, or set "
                        + "elasticsearch.bootstrapTemplate=false", null);
            } else {
                diagnostics.warn("logship: could not create index template '" + name + "': HTTP " + reply.status() + " "
                        + reply.bodyPreview(), null);
            }
        } catch (IOException e) {
            diagnostics.warn("logship: could not create index template '" + name + "': " + e.getMessage(), null);
        }
    }

    private String templateJson() {
        String pattern = config.dataStream() != null ? config.dataStream()
                : config.index().replaceAll("%d\\{[^}]*}", "*");
        return "{\"index_patterns\":[\"" + pattern + "\"]," + (config.dataStream() != null ? "\"data_stream\":{}," : "")
                + "\"priority\":200,\"_meta\":{\"managed_by\":\"logship\"},\"template\":{\"mappings\":{"
                + "\"dynamic_templates\":[{\"labels\":{\"path_match\":\"labels.*\",\"mapping\":{\"type\":\"keyword\"}}}],"
                + "\"properties\":{\"@timestamp\":{\"type\":\"date\"},\"message\":{\"type\":\"text\"},"
                + "\"log.level\":{\"type\":\"keyword\"},\"log.logger\":{\"type\":\"keyword\"},"
                + "\"process.thread.name\":{\"type\":\"keyword\"},\"service.name\":{\"type\":\"keyword\"},"
                + "\"host.name\":{\"type\":\"keyword\"},\"event.id\":{\"type\":\"keyword\"},"
                + "\"tags\":{\"type\":\"keyword\"},\"error.type\":{\"type\":\"keyword\"},"
                + "\"error.message\":{\"type\":\"text\"},\"error.stack_trace\":{\"type\":\"text\"}}}}}";
    }

    /** Round-robin over the nodes, skipping one that failed within {@value #COOL_DOWN_MILLIS} ms (unless all did). */
    private int pickNode() {
        int count = bulkUris.size();
        int first = Math.floorMod(next.getAndIncrement(), count);
        long now = System.nanoTime();
        for (int i = 0; i < count; i++) {
            int node = (first + i) % count;
            if (now - coolingUntil.get(node) >= 0) {
                return node;
            }
        }
        return first;
    }

    private void coolDown(int node) {
        coolingUntil.set(node, System.nanoTime() + COOL_DOWN_MILLIS * 1_000_000L);
    }

    @Override
    public String describe() {
        return "elasticsearch " + config.urls() + " (" + config.target() + ")";
    }

    @Override
    public void close() {
        sender.close();
    }
}
