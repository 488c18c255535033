package dev.logship.e2e.testkit;

import dev.logship.demo.EmbeddedNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real single-node OpenSearch 2.19 for the whole suite, in its own JVM (its classpath, log4j-core
 * among it, never meets the JVM under test): started on first use, stopped when the suite ends.
 * Tests take it as a parameter, {@code @ExtendWith(RealOpenSearch.class) ... (OpenSearchClient es)}.
 * The build says where the launcher and its classpath are (system properties set by the e2e pom); the demo's
 * {@link EmbeddedNode} starts it.
 */
public final class RealOpenSearch implements ParameterResolver {
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

    /** The node; closed by JUnit when the root context closes. */
    static final class Node implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final EmbeddedNode node;
        private final String url;

        private Node(EmbeddedNode node) {
            this.node = node;
            this.url = node.url();
        }

        static Node start() {
            String dir = System.getProperty("logship.opensearch.dir");
            if (dir == null) {
                throw new IllegalStateException("system property logship.opensearch.dir is not set; run the suite with "
                        + "mvn verify");
            }
            try {
                return new Node(EmbeddedNode.start(Path.of(dir)));
            } catch (IOException e) {
                throw new IllegalStateException("could not start the OpenSearch node", e);
            }
        }

        @Override
        public void close() throws Exception {
            node.close();
        }
    }
}
