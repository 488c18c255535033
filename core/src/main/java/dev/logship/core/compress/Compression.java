package dev.logship.core.compress;

import dev.logship.core.diag.Diagnostics;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The compress stage's choices, each with its compressor and its HTTP {@code Content-Encoding}. */
public enum Compression {
    NONE(null, IdentityCompressor::new),
    /** Deflate level {@value GzipCompressor#LEVEL}: the sweet spot for JSON logs. */
    GZIP("gzip", GzipCompressor::new),
    /** zstd-jni level {@value ZstdCompressor#LEVEL}; OpenSearch accepts it, Elasticsearch does not. */
    ZSTD("zstd", ZstdCompressor::new),
    /**
     * Decided on start from what the server says it is: zstd for OpenSearch (which accepts zstd bodies),
     * gzip for Elasticsearch (which does not) or when the server cannot be identified.
     */
    AUTO(null, null);

    private final String contentEncoding;
    private final Supplier<Compressor> factory;

    Compression(String contentEncoding, Supplier<Compressor> factory) {
        this.contentEncoding = contentEncoding;
        this.factory = factory;
    }

    /** The {@code Content-Encoding} header value, or null for {@link #NONE}. */
    public String contentEncoding() {
        return contentEncoding;
    }

    public Compressor newCompressor() {
        if (factory == null) {
            throw new IllegalStateException("compression=auto must be resolved to a codec first");
        }
        return factory.get();
    }

    /** Parses {@code none}, {@code gzip} or {@code zstd}, case-insensitively. */
    public static Compression parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("compression is missing; use none, gzip, zstd or auto");
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a compression; use none, gzip, zstd or auto");
        }
    }

    /**
     * Returns {@code requested}, except that {@link #ZSTD} falls back to {@link #GZIP} with one warning
     * when the zstd native library cannot load here.
     */
    public static Compression resolve(Compression requested, BooleanSupplier zstdLoads, Diagnostics diagnostics) {
        if (requested == ZSTD && !zstdLoads.getAsBoolean()) {
            diagnostics.warn("logship: compression=zstd, but the zstd native library (zstd-jni) cannot load on "
                    + "this platform; using gzip instead. Set compression=gzip to silence this.", null);
            return GZIP;
        }
        return requested;
    }
}
