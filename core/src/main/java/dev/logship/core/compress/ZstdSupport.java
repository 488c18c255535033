package dev.logship.core.compress;

/** Whether zstd-jni's native library can load here; checked once. */
public final class ZstdSupport {
    private static volatile Boolean loads;

    private ZstdSupport() {
    }

    public static boolean loads() {
        Boolean result = loads;
        if (result == null) {
            result = ZstdCompressor.loads();
            loads = result;
        }
        return result;
    }
}
