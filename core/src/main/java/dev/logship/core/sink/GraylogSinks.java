package dev.logship.core.sink;

import java.time.Duration;

/** Opens the GELF sink for a {@link GraylogConfig}'s transport: HTTP, TCP or UDP. */
public final class GraylogSinks {
    private GraylogSinks() {
    }

    /**
     * The sink for {@code config}'s URLs.
     *
     * @param maxConnections HTTP: pooled connections (one per sender, and one for detection)
     */
    public static Sink open(GraylogConfig config, Duration connectTimeout, Duration requestTimeout,
                            int maxConnections) {
        switch (config.transport()) {
            case TCP:
                return new GelfTcpSink(config, connectTimeout, requestTimeout);
            case UDP:
                return new GelfUdpSink(config);
            default:
                return GelfHttpSink.open(config, connectTimeout, requestTimeout, maxConnections);
        }
    }

    /**
     * The byte after each GELF message on {@code transport}: NUL for TCP (Graylog's TCP input splits on it),
     * a newline for HTTP (NDJSON in bulk mode) and UDP.
     */
    public static char separator(GraylogConfig.Transport transport) {
        return transport == GraylogConfig.Transport.TCP ? '\0' : '\n';
    }
}
