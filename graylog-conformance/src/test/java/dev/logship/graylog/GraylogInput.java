package dev.logship.graylog;

import com.codahale.metrics.MetricRegistry;
import io.netty.channel.EventLoopGroup;
import org.graylog2.configuration.TLSProtocolsConfiguration;
import org.graylog2.inputs.codecs.GelfCodec;
import org.graylog2.inputs.transports.HttpTransport;
import org.graylog2.inputs.transports.NettyTransportConfiguration;
import org.graylog2.inputs.transports.TcpTransport;
import org.graylog2.inputs.transports.UdpTransport;
import org.graylog2.inputs.transports.netty.EventLoopGroupFactory;
import org.graylog2.plugin.LocalMetricRegistry;
import org.graylog2.plugin.Message;
import org.graylog2.plugin.configuration.Configuration;
import org.graylog2.plugin.configuration.ConfigurationRequest;
import org.graylog2.plugin.inputs.MessageInput;
import org.graylog2.plugin.inputs.MisfireException;
import org.graylog2.plugin.inputs.transports.NettyTransport;
import org.graylog2.plugin.inputs.util.ThroughputCounter;
import org.graylog2.plugin.journal.RawMessage;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.net.InetSocketAddress;
import java.security.Security;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One of Graylog 6.3.7's real GELF inputs, running in-process on loopback on a free port: the real Netty
 * {@link HttpTransport} ({@code POST /gelf}), {@link TcpTransport} (NUL-delimited) or {@link UdpTransport}
 * (chunks reassembled by the codec's {@code GelfChunkAggregator}), feeding a {@link MessageInput} whose only
 * change is that {@link MessageInput#processRawMessage(RawMessage)} decodes with Graylog's {@link GelfCodec}
 * straight away instead of writing to the journal.
 *
 * <p>Differences from a Graylog node: no journal/process buffer, no extractors or static fields, no
 * source-address override; everything from the network up to and including {@code GelfCodec.decodeSafe} is
 * Graylog's own code.
 */
public final class GraylogInput implements AutoCloseable {

    /** Which GELF input to run. */
    public enum Kind { HTTP, TCP, UDP }

    private final Kind kind;
    private final GraylogCodec codec;
    private final NettyTransport transport;
    private final EventLoopGroup bossGroup;
    private final ThroughputCounter throughputCounter;
    private final CollectingInput input;
    private final int port;

    private final List<RawMessage> raw = new CopyOnWriteArrayList<>();
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final List<String> rejections = new CopyOnWriteArrayList<>();
    private final java.util.Queue<String> shortMessages = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean light;

    /** GELF HTTP input, single message per request (Graylog's default). */
    public static GraylogInput http() {
        return http(false);
    }

    /**
     * GELF HTTP input. {@code bulkReceiving} sets the input option {@code enable_bulk_receiving}: Graylog then
     * splits each request body on newlines (NDJSON); without it only the first message of a body is kept.
     */
    public static GraylogInput http(boolean bulkReceiving) {
        return http(Map.of("enable_bulk_receiving", bulkReceiving));
    }

    /** GELF HTTP input with extra transport options (e.g. {@code max_chunk_size}, {@code enable_cors}). */
    public static GraylogInput http(Map<String, Object> options) {
        return start(Kind.HTTP, options);
    }

    /** GELF TCP input, NUL-delimited frames, plain text. */
    public static GraylogInput tcp() {
        return tcp(Map.of());
    }

    /**
     * GELF TCP input with TLS: Graylog generates a self-signed certificate for {@code 127.0.0.1:<port>}
     * when no {@code tls_cert_file}/{@code tls_key_file} is configured. Clients must trust all
     * certificates (or be given the file).
     */
    public static GraylogInput tcpTls() {
        return tcp(Map.of("tls_enable", true));
    }

    /**
     * GELF TCP input with TLS on the given certificate chain (PEM) and unencrypted PKCS#8 private key (PEM): the
     * input's {@code tls_cert_file} and {@code tls_key_file} settings.
     */
    public static GraylogInput tcpTls(java.nio.file.Path certificateChain, java.nio.file.Path privateKey) {
        return tcp(Map.of("tls_enable", true, "tls_cert_file", certificateChain.toString(),
                "tls_key_file", privateKey.toString(), "tls_key_password", ""));
    }

    /** GELF TCP input with extra transport options (e.g. {@code max_message_size}, {@code tls_*}). */
    public static GraylogInput tcp(Map<String, Object> options) {
        if (Boolean.TRUE.equals(options.get("tls_enable"))) {
            // A Graylog node registers BouncyCastle at startup; its TLS key loading asks for provider "BC".
            synchronized (Security.class) {
                if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
                    Security.addProvider(new BouncyCastleProvider());
                }
            }
        }
        Map<String, Object> all = new HashMap<>();
        all.put(TcpTransport.CK_USE_NULL_DELIMITER, true); // GELF TCP input's default
        all.putAll(options);
        return start(Kind.TCP, all);
    }

    /** GELF UDP input; chunked datagrams are reassembled by Graylog's GelfChunkAggregator. */
    public static GraylogInput udp() {
        return start(Kind.UDP, Map.of());
    }

    private static GraylogInput start(Kind kind, Map<String, Object> options) {
        try {
            return new GraylogInput(kind, options);
        } catch (MisfireException e) {
            throw new IllegalStateException("Graylog " + kind + " input failed to start", e);
        }
    }

    private GraylogInput(Kind kind, Map<String, Object> options) throws MisfireException {
        this.kind = kind;
        this.codec = new GraylogCodec();

        Map<String, Object> config = new HashMap<>();
        config.put(NettyTransport.CK_BIND_ADDRESS, "127.0.0.1");
        config.put(NettyTransport.CK_PORT, 0);
        config.put(NettyTransport.CK_RECV_BUFFER_SIZE, 1024 * 1024);
        config.put(NettyTransport.CK_NUMBER_WORKER_THREADS, 1);
        config.putAll(options);
        Configuration configuration = new Configuration(config);

        NettyTransportConfiguration netty = new NettyTransportConfiguration("nio", "jdk", 1);
        EventLoopGroupFactory groups = new EventLoopGroupFactory(netty);
        LocalMetricRegistry localMetrics = new LocalMetricRegistry();
        this.bossGroup = groups.create(1, localMetrics, "graylog-" + kind.name().toLowerCase() + "-boss");
        this.throughputCounter = new ThroughputCounter(bossGroup);
        TLSProtocolsConfiguration tls = new TLSProtocolsConfiguration();

        this.transport = switch (kind) {
            case HTTP -> new HttpTransport(configuration, bossGroup, groups, netty, throughputCounter,
                    localMetrics, tls);
            case TCP -> new TcpTransport(configuration, bossGroup, groups, netty, throughputCounter,
                    localMetrics, tls);
            case UDP -> new UdpTransport(configuration, groups, netty, throughputCounter, localMetrics);
        };
        this.input = new CollectingInput(configuration, transport, localMetrics, codec.gelfCodec());

        // What MessageInput.launch(InputBuffer, InputFailureRecorder) does, minus the buffer.
        transport.setMessageAggregator(codec.gelfCodec().getAggregator());
        try {
            transport.launch(input);
        } catch (MisfireException | RuntimeException e) {
            close();
            throw e;
        }
        this.port = awaitBoundPort(transport);
    }

    /** The transports record their bound channel in a bind-future listener, which may run just after launch(). */
    private int awaitBoundPort(NettyTransport transport) {
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .pollInterval(java.time.Duration.ofMillis(5))
                    .until(() -> transport.getLocalAddress() instanceof InetSocketAddress);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            close();
            throw new IllegalStateException("Graylog " + kind + " input did not report its bound address", e);
        }
        return ((InetSocketAddress) transport.getLocalAddress()).getPort();
    }

    public Kind kind() {
        return kind;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** Every message Graylog decoded so far, in arrival order (snapshot). */
    public List<Message> messages() {
        return List.copyOf(messages);
    }

    /** Every raw message the transport handed to the input (after framing, chunk reassembly, HTTP decoding). */
    public List<RawMessage> rawMessages() {
        return List.copyOf(raw);
    }

    /** Why the codec rejected raw messages (Graylog's exception text), in arrival order. */
    public List<String> rejections() {
        return List.copyOf(rejections);
    }

    /** How many raw messages the codec rejected or dropped. */
    public int rejectedCount() {
        return rejections.size();
    }

    /** The codec used by this input (shares its chunk aggregator). */
    public GraylogCodec codec() {
        return codec;
    }

    /**
     * From now on keep only each decoded message's {@code short_message} ({@link #shortMessages()}), not the
     * raw or decoded messages: for volume tests, whose 100,000 full messages would not fit a test heap.
     */
    public GraylogInput keepShortMessagesOnly() {
        light = true;
        return this;
    }

    /** With {@link #keepShortMessagesOnly()}: every decoded message's text, in arrival order (snapshot). */
    public List<String> shortMessages() {
        return List.copyOf(shortMessages);
    }

    /** With {@link #keepShortMessagesOnly()}: how many messages were decoded so far. */
    public int shortMessageCount() {
        return shortMessages.size();
    }

    public void clear() {
        raw.clear();
        messages.clear();
        rejections.clear();
    }

    @Override
    public void close() {
        try {
            transport.stop();
        } finally {
            throughputCounter.release();
            bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            codec.close();
        }
    }

    private void collect(RawMessage rawMessage) {
        if (!light) {
            raw.add(rawMessage);
        }
        try {
            Optional<Message> decoded = codec.gelfCodec().decodeSafe(rawMessage);
            if (decoded.isPresent() && light) {
                shortMessages.add(decoded.get().getMessage());
            } else if (decoded.isPresent()) {
                messages.add(decoded.get());
            } else {
                rejections.add("GelfCodec returned no message");
            }
        } catch (RuntimeException e) { // InputProcessingException for invalid GELF
            rejections.add(String.valueOf(e.getMessage()));
        }
    }

    /** The smallest MessageInput the 6.3.7 transports accept; it decodes instead of journalling. */
    private final class CollectingInput extends MessageInput {
        CollectingInput(Configuration configuration, NettyTransport transport, LocalMetricRegistry localMetrics,
                        GelfCodec gelfCodec) {
            super(new MetricRegistry(), configuration, transport, localMetrics, gelfCodec,
                    new MessageInput.Config(ConfigurationRequest::new, new GelfCodec.Config()) { },
                    new MessageInput.Descriptor("GELF " + kind + " (logship conformance)", false, "") { },
                    null /* ServerStatus: only used by the overridden processRawMessage */);
            setTitle("logship-graylog-conformance-" + kind.name().toLowerCase());
            setPersistId("logship-" + kind.name().toLowerCase());
        }

        @Override
        public void processRawMessage(RawMessage rawMessage) {
            collect(rawMessage);
        }
    }
}
