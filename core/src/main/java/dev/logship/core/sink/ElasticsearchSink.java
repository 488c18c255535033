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
    private final List<String> baseUrls;
    private final NodeRotation nodes;
    private final JsonFactory json = new JsonFactory();

    /** A sink on its own pooled HTTP client for {@code config}'s URLs, credentials and TLS settings. */
    public static ElasticsearchSink open(ElasticsearchConfig config, java.time.Duration connectTimeout,
                                         java.time.Duration requestTimeout, int maxConnections) {
        java.util.Map<String, String> headers = new java.util.HashMap<>();
        String authorization = config.authorization();
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        dev.logship.core.deliver.TlsSettings tls = config.tls();
        javax.net.ssl.SSLContext ssl = tls.sslContext("elasticsearch", new dev.logship.core.config.ConfigProblems());
        return new ElasticsearchSink(config, new HttpSender(connectTimeout, requestTimeout, maxConnections, headers, ssl,
                tls.verifyHostname()));
    }

    public ElasticsearchSink(ElasticsearchConfig config, HttpSender sender) {
        this(config, sender, System::nanoTime);
    }

    /** @param nanoClock the clock of the nodes' cool-down, as {@link System#nanoTime()} (a seam for tests) */
    ElasticsearchSink(ElasticsearchConfig config, HttpSender sender, java.util.function.LongSupplier nanoClock) {
        this.config = config;
        this.sender = sender;
        String path = config.dataStream() != null ? "/" + config.dataStream() + "/_bulk" : "/_bulk";
        this.baseUrls = config.urls().stream().map(URI::toString).toList();
        this.bulkUris = config.urls().stream().map(u -> URI.create(u.toString() + path + FILTER)).toList();
        this.nodes = new NodeRotation(bulkUris.size(), nanoClock);
    }

    @Override
    public EventEncoder encoder(EncoderSettings settings) {
        return new ElasticsearchBulkEncoder(new EcsEncoder(settings), config.index(), config.documentIds());
    }

    @Override
    public DeliveryResult deliver(byte[] body, int length, String contentEncoding, int events) throws IOException {
        int node = nodes.pick();
        URI uri = bulkUris.get(node);
        HttpReply reply;
        try {
            reply = sender.post(uri, body, length, NDJSON, contentEncoding);
        } catch (IOException e) {
            nodes.failed(node);
            throw e;
        }
        if (!reply.isSuccess()) {
            if (reply.status() == 413) {
                return DeliveryResult.tooLarge("HTTP 413 from " + uri.getHost() + ": a request of " + events
                        + " events is too large; it is split (lower batch.maxBytes to avoid this)");
            }
            if (reply.isRetryable()) {
                nodes.failed(node);
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
        for (String base : baseUrls) {
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

    /** With {@code bootstrapTemplate}: an index template, and a lifecycle policy where asked and available. */
    @Override
    public void bootstrap(ServerInfo server, dev.logship.core.diag.Diagnostics diagnostics) {
        if (config.bootstrapTemplate()) {
            new IndexBootstrap(config, sender, baseUrls, diagnostics).run(server);
        }
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
