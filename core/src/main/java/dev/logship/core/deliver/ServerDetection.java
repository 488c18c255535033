package dev.logship.core.deliver;

import dev.logship.core.compress.Compression;
import dev.logship.core.compress.ZstdSupport;
import dev.logship.core.diag.Diagnostics;
import dev.logship.core.sink.ServerInfo;
import dev.logship.core.sink.Sink;
import java.io.IOException;

/**
 * Asks the server what it is, once, as soon as the first sender needs it (off the application's threads): reports
 * what it found or that it cannot reach it, bootstraps the target when configured, and settles {@code compression=auto};
 * the other senders wait for that. Thread-safe.
 */
final class ServerDetection {
    private final Sink sink;
    private final Compression requested;
    private final Diagnostics diagnostics;
    private volatile Compression compression;

    ServerDetection(Sink sink, Compression requested, Diagnostics diagnostics) {
        this.sink = sink;
        this.requested = requested;
        this.diagnostics = diagnostics;
    }

    /** The codec the senders use, detecting the server first when that has not happened yet. */
    Compression compression() {
        Compression settled = compression;
        if (settled != null) {
            return settled;
        }
        synchronized (this) {
            if (compression == null) {
                compression = detect();
            }
            return compression;
        }
    }

    /** What a missing class or method means here: libraries in other versions than logship's. */
    static String linkageHint(Throwable e) {
        return " (" + e + "): a library on the class path has another version than logship needs — most often "
                + "httpclient5 and httpcore5 of different releases (httpclient5 5.6 needs httpcore5 5.4); let one BOM, "
                + "such as Spring Boot's, manage both, or declare matching versions";
    }

    private Compression detect() {
        ServerInfo info = null;
        try {
            info = sink.detect();
        } catch (IOException | RuntimeException e) {
            diagnostics.warn("logship: cannot reach " + sink.describe() + " to ask what it is (" + e.getMessage()
                    + "); events are kept per the overflow policy and sent once it answers", null);
        } catch (LinkageError e) {
            diagnostics.error("logship: cannot ask " + sink.describe() + " what it is" + linkageHint(e), e);
        }
        if (info != null) {
            diagnostics.info("logship: " + sink.describe() + " is " + info);
            if (!info.isSupported()) {
                diagnostics.warn("logship: " + sink.describe() + " is " + info + ", which logship does not support "
                        + "(it needs Elasticsearch 7.9+ or OpenSearch 1+); delivery is attempted anyway", null);
            }
        }
        try {
            sink.bootstrap(info, diagnostics);
        } catch (RuntimeException | LinkageError e) {
            diagnostics.error("logship: could not bootstrap " + sink.describe()
                    + (e instanceof LinkageError ? linkageHint(e) : ""), e);
        }
        if (requested != Compression.AUTO) {
            return sink.wireCompression(requested);
        }
        if (sink.wireCompression(Compression.GZIP) != Compression.GZIP) {
            return sink.wireCompression(Compression.GZIP); // the transport decides (GELF over TCP or UDP)
        }
        Compression chosen = info != null && info.isOpenSearch() && ZstdSupport.loads() ? Compression.ZSTD
                : Compression.GZIP;
        diagnostics.info("logship: compression=auto uses " + chosen.name().toLowerCase(java.util.Locale.ROOT) + " for "
                + (info == null ? "a server it could not identify" : info));
        return chosen;
    }
}
