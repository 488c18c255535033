package dev.logship.opensearch;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Runs a real single-node OpenSearch on loopback until its standard input closes (or says "stop"):
 * {@code java -cp ... dev.logship.opensearch.OpenSearchNode <data-dir> [extra.setting=value ...]}.
 * Prints {@code READY http://127.0.0.1:<port>} once the cluster is yellow, {@code FAILED <reason>} if
 * it cannot start. Started by the end-to-end suite in its own JVM, once per run.
 */
public final class OpenSearchNode {
    private OpenSearchNode() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.out.println("FAILED usage: OpenSearchNode <data-dir> [setting=value ...]");
            System.exit(2);
        }
        int http = freePort();
        int transport = freePort();
        OpenSearchRunner runner = new OpenSearchRunner();
        try {
            runner.onBuild((number, settings) -> {
                settings.put("http.port", String.valueOf(http));
                settings.put("transport.port", String.valueOf(transport));
                settings.put("network.host", "127.0.0.1");
                settings.put("discovery.type", "single-node");
                settings.putList("node.roles", "cluster_manager", "data", "ingest");
                settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
                settings.put("action.auto_create_index", "true");
                for (int i = 1; i < args.length; i++) {
                    int eq = args[i].indexOf('=');
                    settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
                }
            }).build(OpenSearchRunner.newConfigs().basePath(args[0]).clusterName("logship-e2e").numOfNode(1)
                    .disableESLogger());
            runner.ensureYellow();
        } catch (Throwable e) {
            System.out.println("FAILED " + e);
            System.out.flush();
            System.exit(1);
        }
        System.out.println("READY http://127.0.0.1:" + http);
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.trim().equals("stop")) {
                    break;
                }
            }
        }
        runner.close();
        runner.clean();
        System.exit(0);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
