package dev.logship.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node OpenSearch on loopback in its own JVM, started the way the test suite starts it: the
 * launcher of the {@code opensearch-node} module on the classpath that module writes to its
 * {@code target/classpath.txt} (system properties {@code logship.opensearch.node.jar} and
 * {@code logship.opensearch.node.classpath} say where, else they are looked for under {@code logship.root}).
 * The node prints {@code READY <url>} and stops when told {@code stop}. The end-to-end suite uses it too.
 */
public final class EmbeddedNode implements AutoCloseable {
    private static final long START_TIMEOUT_SECONDS = 240;

    private final Process process;
    private final String url;
    private final Path log;

    private EmbeddedNode(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** Starts a node with its data under {@code dir}; its output goes to {@code dir/node.log}. */
    public static EmbeddedNode start(Path dir) throws IOException {
        Path root = Path.of(System.getProperty("logship.root", "."));
        Path jar = Path.of(System.getProperty("logship.opensearch.node.jar",
                root.resolve("opensearch-node/target/logship-opensearch-node-0.1.0-SNAPSHOT.jar").toString()));
        Path classpath = Path.of(System.getProperty("logship.opensearch.node.classpath",
                root.resolve("opensearch-node/target/classpath.txt").toString()));
        if (!Files.exists(jar) || !Files.exists(classpath)) {
            throw new IOException("the OpenSearch launcher is not built (" + jar + "); run ./demo, which builds it, "
                    + "or pass --url to use a running Elasticsearch/OpenSearch");
        }
        Files.createDirectories(dir);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx512m", "-XX:+UseSerialGC", "-cp",
                jar + java.io.File.pathSeparator + Files.readString(classpath).trim(),
                "dev.logship.opensearch.OpenSearchNode", dir.resolve("data").toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Path log = dir.resolve("node.log");
        return new EmbeddedNode(process, awaitReady(process, log), log);
    }

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
                        ready.completeExceptionally(new IOException("OpenSearch: " + line));
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IOException("the OpenSearch node exited; see " + log));
        }, "demo-opensearch-output");
        pump.setDaemon(true);
        pump.start();
        try {
            return ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("OpenSearch did not start within " + START_TIMEOUT_SECONDS + "s; see " + log, e);
        }
    }

    public String url() {
        return url;
    }

    public Path log() {
        return log;
    }

    /** Waits until the node exits (for {@code --keep}: until someone stops it). */
    void awaitExit() throws InterruptedException {
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
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
