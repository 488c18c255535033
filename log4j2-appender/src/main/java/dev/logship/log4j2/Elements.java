package dev.logship.log4j2;

import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.config.plugins.PluginValue;

/**
 * The nested elements of {@code <Logship>}: {@code <Elasticsearch>}, {@code <Graylog>}, {@code <Spill>},
 * {@code <Batch>} and {@code <Field name="…" value="…"/>}, with the option names of the Logback appender and DESIGN.md.
 * Values are kept as written ({@code 5s}, {@code 64MB}) and checked together when the appender is built.
 */
final class Elements {
    private Elements() {
    }

    /** {@code <Elasticsearch url="…" dataStream="…"/>}. */
    @Plugin(name = "Elasticsearch", category = Node.CATEGORY, printObject = true)
    public static final class Elasticsearch {
        final String url, dataStream, index, username, password, apiKey, bearerToken, caCertificate, trustStore,
                trustStorePassword, keyStore, keyStorePassword, verifyHostname, bootstrapTemplate, documentIds, retention;

        private Elasticsearch(String[] v) {
            url = v[0]; dataStream = v[1]; index = v[2]; username = v[3]; password = v[4]; apiKey = v[5];
            bearerToken = v[6]; caCertificate = v[7]; trustStore = v[8]; trustStorePassword = v[9]; keyStore = v[10];
            keyStorePassword = v[11]; verifyHostname = v[12]; bootstrapTemplate = v[13]; documentIds = v[14];
            retention = v[15];
        }

        @PluginFactory
        public static Elasticsearch create(@PluginAttribute("url") String url,
                                           @PluginAttribute("dataStream") String dataStream,
                                           @PluginAttribute("index") String index,
                                           @PluginAttribute("username") String username,
                                           @PluginAttribute(value = "password", sensitive = true) String password,
                                           @PluginAttribute(value = "apiKey", sensitive = true) String apiKey,
                                           @PluginAttribute(value = "bearerToken", sensitive = true) String bearerToken,
                                           @PluginAttribute("caCertificate") String caCertificate,
                                           @PluginAttribute("trustStore") String trustStore,
                                           @PluginAttribute(value = "trustStorePassword", sensitive = true) String trustStorePassword,
                                           @PluginAttribute("keyStore") String keyStore,
                                           @PluginAttribute(value = "keyStorePassword", sensitive = true) String keyStorePassword,
                                           @PluginAttribute("verifyHostname") String verifyHostname,
                                           @PluginAttribute("bootstrapTemplate") String bootstrapTemplate,
                                           @PluginAttribute("documentIds") String documentIds,
                                           @PluginAttribute("retention") String retention) {
            return new Elasticsearch(new String[] {url, dataStream, index, username, password, apiKey, bearerToken,
                caCertificate, trustStore, trustStorePassword, keyStore, keyStorePassword, verifyHostname,
                bootstrapTemplate, documentIds, retention});
        }

        @Override
        public String toString() {
            return "Elasticsearch[url=" + url + "]";
        }
    }

    /** {@code <Graylog url="http://graylog:12201/gelf" bulk="false"/>}. */
    @Plugin(name = "Graylog", category = Node.CATEGORY, printObject = true)
    public static final class Graylog {
        final String url, bulk, maxRequestBytes, headerName, headerValue, chunkSize, udpCompression, caCertificate,
                trustStore, trustStorePassword, keyStore, keyStorePassword, verifyHostname;

        private Graylog(String[] v) {
            url = v[0]; bulk = v[1]; maxRequestBytes = v[2]; headerName = v[3]; headerValue = v[4]; chunkSize = v[5];
            udpCompression = v[6]; caCertificate = v[7]; trustStore = v[8]; trustStorePassword = v[9]; keyStore = v[10];
            keyStorePassword = v[11]; verifyHostname = v[12];
        }

        @PluginFactory
        public static Graylog create(@PluginAttribute("url") String url,
                                     @PluginAttribute("bulk") String bulk,
                                     @PluginAttribute("maxRequestBytes") String maxRequestBytes,
                                     @PluginAttribute("headerName") String headerName,
                                     @PluginAttribute(value = "headerValue", sensitive = true) String headerValue,
                                     @PluginAttribute("chunkSize") String chunkSize,
                                     @PluginAttribute("udpCompression") String udpCompression,
                                     @PluginAttribute("caCertificate") String caCertificate,
                                     @PluginAttribute("trustStore") String trustStore,
                                     @PluginAttribute(value = "trustStorePassword", sensitive = true) String trustStorePassword,
                                     @PluginAttribute("keyStore") String keyStore,
                                     @PluginAttribute(value = "keyStorePassword", sensitive = true) String keyStorePassword,
                                     @PluginAttribute("verifyHostname") String verifyHostname) {
            return new Graylog(new String[] {url, bulk, maxRequestBytes, headerName, headerValue, chunkSize,
                udpCompression, caCertificate, trustStore, trustStorePassword, keyStore, keyStorePassword,
                verifyHostname});
        }

        @Override
        public String toString() {
            return "Graylog[url=" + url + "]";
        }
    }

    /** {@code <Spill directory="/var/spool/checkout" maxSize="1GB"/>}. */
    @Plugin(name = "Spill", category = Node.CATEGORY, printObject = true)
    public static final class Spill {
        final String directory, maxSize, dropPolicy, fsync, fsyncInterval, mode, replayRate;

        private Spill(String directory, String maxSize, String dropPolicy, String fsync, String fsyncInterval,
                      String mode, String replayRate) {
            this.directory = directory;
            this.maxSize = maxSize;
            this.dropPolicy = dropPolicy;
            this.fsync = fsync;
            this.fsyncInterval = fsyncInterval;
            this.mode = mode;
            this.replayRate = replayRate;
        }

        @PluginFactory
        public static Spill create(@PluginAttribute("directory") String directory,
                                   @PluginAttribute("maxSize") String maxSize,
                                   @PluginAttribute("dropPolicy") String dropPolicy,
                                   @PluginAttribute("fsync") String fsync,
                                   @PluginAttribute("fsyncInterval") String fsyncInterval,
                                   @PluginAttribute("mode") String mode,
                                   @PluginAttribute("replayRate") String replayRate) {
            return new Spill(directory, maxSize, dropPolicy, fsync, fsyncInterval, mode, replayRate);
        }

        @Override
        public String toString() {
            return "Spill[directory=" + directory + "]";
        }
    }

    /** {@code <Batch maxEvents="5000" maxBytes="8MB" linger="1s"/>}. */
    @Plugin(name = "Batch", category = Node.CATEGORY, printObject = true)
    public static final class Batch {
        final String maxEvents, maxBytes, linger;

        private Batch(String maxEvents, String maxBytes, String linger) {
            this.maxEvents = maxEvents;
            this.maxBytes = maxBytes;
            this.linger = linger;
        }

        @PluginFactory
        public static Batch create(@PluginAttribute("maxEvents") String maxEvents,
                                   @PluginAttribute("maxBytes") String maxBytes,
                                   @PluginAttribute("linger") String linger) {
            return new Batch(maxEvents, maxBytes, linger);
        }

        @Override
        public String toString() {
            return "Batch[" + maxEvents + "/" + maxBytes + "/" + linger + "]";
        }
    }

    /** {@code <Field name="environment" value="prod"/>}, or the value as the element's text: {@code <Field name="environment">prod</Field>}. */
    @Plugin(name = "Field", category = Node.CATEGORY, printObject = true)
    public static final class Field {
        final String name, value;

        private Field(String name, String value) {
            this.name = name;
            this.value = value;
        }

        @PluginFactory
        public static Field create(@PluginAttribute("name") String name, @PluginValue("value") String value) {
            return new Field(name, value);
        }

        @Override
        public String toString() {
            return "Field[" + name + "]";
        }
    }
}
