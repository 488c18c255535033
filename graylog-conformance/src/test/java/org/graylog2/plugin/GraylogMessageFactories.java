package org.graylog2.plugin;

/**
 * Graylog 6.3.7's {@code DefaultMessageFactory} is package-private; this one-line bridge lives in its
 * package (test sources only) so the conformance harness can build the real factory.
 */
public final class GraylogMessageFactories {
    private GraylogMessageFactories() {
    }

    public static MessageFactory defaultFactory() {
        return new DefaultMessageFactory();
    }
}
