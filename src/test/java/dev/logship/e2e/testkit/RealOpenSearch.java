package dev.logship.e2e.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real single-node OpenSearch 2.19 for the whole suite, in its own JVM (its classpath, log4j-core
 * among it, never meets the JVM under test): started on first use, stopped when the suite ends.
 * Tests take it as a parameter, {@code @ExtendWith(RealOpenSearch.class) ... (OpenSearchClient es)}.
 * The build says where the launcher and its classpath are (system properties set by the e2e pom).
 */
public final class RealOpenSearch implements ParameterResolver {
    private static final long START_TIMEOUT_SECONDS = 180;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == OpenSearchClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Node node = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Node.class, key -> Node.start(), Node.class);
        return new OpenSearchClient(node.url);
    }

    /** The child JVM; closed by JUnit when the root context closes. */
    static final class Node implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final Process process;
        private final String url;

        private Node(Process process, String url) {
            this.process = process;
            this.url = url;
        }

        static Node start() {
            try {
                Path dir = Path.of(property("logship.opensearch.dir"));
                Files.createDirectories(dir);
                String classpath = property("logship.opensearch.node.jar") + java.io.File.pathSeparator
                        + Files.readString(Path.of(property("logship.opensearch.node.classpath"))).trim();
                List<String> command = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xms256m", "-Xmx384m", "-XX:+UseSerialGC", "-cp", classpath,
                        "dev.logship.opensearch.OpenSearchNode", dir.resolve("data").toString()));
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String url = awaitReady(process, dir.resolve("node.log"));
                return new Node(process, url);
            } catch (IOException e) {
                throw new IllegalStateException("could not start the OpenSearch node", e);
            }
        }

        private static String property(String name) {
            String value = System.getProperty(name);
            if (value == null) {
                throw new IllegalStateException("system property " + name + " is not set; run the suite with mvn verify");
            }
            return value;
        }

        /** Copies the node's output to a log file and returns its URL once it prints READY. */
        private static String awaitReady(Process process, Path log) throws IOException {
            CompletableFuture<String> ready = new CompletableFuture<>();
            Thread pump = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8)); PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        out.println(line);
                        out.flush();
                        if (line.startsWith("READY ")) {
                            ready.complete(line.substring(6).trim());
                        } else if (line.startsWith("FAILED ")) {
                            ready.completeExceptionally(new IllegalStateException("OpenSearch: " + line));
                        }
                    }
                } catch (IOException e) {
                    ready.completeExceptionally(e);
                }
                ready.completeExceptionally(new IllegalStateException("the OpenSearch node exited; see " + log));
            }, "opensearch-node-output");
            pump.setDaemon(true);
            pump.start();
            try {
                return ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
                throw new IllegalStateException("OpenSearch did not start within " + START_TIMEOUT_SECONDS + "s; see "
                        + log, e);
            }
        }

        @Override
        public void close() throws Exception {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write("stop\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException alreadyGone) {
                // the node has exited
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
