package dev.logship.e2e.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real single-node Elasticsearch for the whole suite, from the distribution zip the build copies out of
 * Maven Central: unpacked into a temporary directory, run on loopback with security off and a 256 MB heap
 * (as {@code nobody} when the build runs as root: Elasticsearch refuses root), stopped when the suite
 * ends. Tests take it as a parameter: {@code (ElasticsearchClient es)}; {@link V8} and {@link V9} pick the
 * version. 9.x needs Java 21+: when no such JDK is found, its tests are skipped with a message saying so.
 */
public abstract class RealElasticsearch implements ParameterResolver {
    private static final long START_TIMEOUT_SECONDS = 180;

    /** Elasticsearch 8.19 on the JDK running the suite. */
    public static final class V8 extends RealElasticsearch {
        public V8() {
            super("logship.elasticsearch8.zip", 17);
        }
    }

    /** Elasticsearch 9.5, which needs Java 21+ (Temurin 25 where the machine has it). */
    public static final class V9 extends RealElasticsearch {
        public V9() {
            super("logship.elasticsearch9.zip", 21);
        }
    }

    private final String zipProperty;
    private final int javaVersion;

    RealElasticsearch(String zipProperty, int javaVersion) {
        this.zipProperty = zipProperty;
        this.javaVersion = javaVersion;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ElasticsearchClient.class || type == OpenSearchClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Path java = javaHome(javaVersion);
        if (java == null) {
            String message = "SKIPPED: Elasticsearch from " + zipProperty + " needs Java " + javaVersion
                    + "+, and none was found (JAVA" + javaVersion + "_HOME or /usr/lib/jvm)";
            System.err.println(message);
            org.junit.jupiter.api.Assumptions.abort(message);
        }
        Node node = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(zipProperty, key -> Node.start(Path.of(System.getProperty(zipProperty,
                        "missing.zip")), java), Node.class);
        return new ElasticsearchClient(node.url);
    }

    /** A JDK of at least {@code version}: the running one, {@code JAVA<version>_HOME}, or one under /usr/lib/jvm. */
    static Path javaHome(int version) {
        if (Runtime.version().feature() >= version) {
            return Path.of(System.getProperty("java.home"));
        }
        String env = System.getenv("JAVA" + version + "_HOME");
        if (env != null && Files.isExecutable(Path.of(env, "bin", "java"))) {
            return Path.of(env);
        }
        try (var jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(home -> release(home) >= version).findFirst().orElse(null);
        } catch (IOException noJdks) {
            return null;
        }
    }

    private static int release(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring(line.indexOf('"') + 1);
                    return Integer.parseInt(v.substring(0, v.indexOf('.') > 0 ? v.indexOf('.') : v.indexOf('"')));
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return 0;
        }
        return 0;
    }

    static final class Node implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final Process process;
        private final String url;
        private final Path dir;

        private Node(Process process, String url, Path dir) {
            this.process = process;
            this.url = url;
            this.dir = dir;
        }

        static Node start(Path zip, Path javaHome) {
            try {
                if (!Files.exists(zip)) {
                    throw new IllegalStateException(zip + " is missing; run the suite with mvn verify");
                }
                Path dir = Files.createTempDirectory("logship-es8-");
                run(List.of("unzip", "-q", zip.toString(), "-d", dir.toString()));
                Path home;
                try (var homes = Files.list(dir)) {
                    home = homes.filter(p -> p.getFileName().toString().startsWith("elasticsearch-")).findFirst()
                            .orElseThrow();
                }
                Path run = dir.resolve("run");
                Files.createDirectories(run.resolve("data"));
                Files.createDirectories(run.resolve("logs"));
                run(List.of("cp", "-r", home.resolve("config").toString(), run.resolve("config").toString()));
                boolean root = "0".equals(output(List.of("id", "-u")).trim());
                if (root) {
                    run(List.of("chmod", "-R", "a+rX", dir.toString()));
                    run(List.of("chown", "-R", "nobody:nogroup", run.toString()));
                }
                int http = freePort();
                int transport = freePort();
                List<String> command = new ArrayList<>();
                if (root) {
                    command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
                }
                command.addAll(List.of(home.resolve("bin/elasticsearch").toString(),
                        "-E", "discovery.type=single-node", "-E", "network.host=127.0.0.1",
                        "-E", "http.port=" + http, "-E", "transport.port=" + transport,
                        "-E", "path.data=" + run.resolve("data"), "-E", "path.logs=" + run.resolve("logs"),
                        "-E", "cluster.routing.allocation.disk.threshold_enabled=false",
                        "-E", "xpack.security.enabled=false"));
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(run.resolve("console.log").toFile());
                builder.environment().put("ES_JAVA_HOME", javaHome.toString());
                builder.environment().put("ES_PATH_CONF", run.resolve("config").toString());
                builder.environment().put("ES_JAVA_OPTS", "-Xms256m -Xmx256m");
                Process process = builder.start();
                String url = "http://127.0.0.1:" + http;
                awaitHealthy(process, url, run.resolve("console.log"));
                return new Node(process, url, dir);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("could not start Elasticsearch", e);
            }
        }

        private static void awaitHealthy(Process process, String url, Path log) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            try {
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(START_TIMEOUT_SECONDS))
                        .pollInterval(Duration.ofMillis(500)).ignoreExceptionsInstanceOf(IOException.class)
                        .until(() -> {
                            if (!process.isAlive()) {
                                throw new IllegalStateException("Elasticsearch exited at start; see " + log);
                            }
                            return http.send(HttpRequest.newBuilder(URI.create(url
                                    + "/_cluster/health?wait_for_status=yellow&timeout=1s")).build(),
                                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                        });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                process.destroyForcibly();
                throw new IllegalStateException("Elasticsearch was not healthy within " + START_TIMEOUT_SECONDS
                        + "s; see " + log, e);
            }
        }

        private static void run(List<String> command) throws IOException, InterruptedException {
            String out = output(command);
            if (out == null) {
                throw new IOException(String.join(" ", command) + " failed");
            }
        }

        /** The command's output, or null when it fails. */
        private static String output(List<String> command) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                out = String.join("\n", in.lines().toList());
            }
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }

        @Override
        public void close() throws Exception {
            List<ProcessHandle> children = process.descendants().toList(); // the launcher starts the server JVM
            process.destroy(); // SIGTERM: Elasticsearch shuts down cleanly
            children.forEach(ProcessHandle::destroy);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            children.forEach(ProcessHandle::destroyForcibly);
            new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor(60, TimeUnit.SECONDS);
        }
    }
}
