package dev.logship.core.sink;

/**
 * What a sink's server says it is, read once on start.
 *
 * @param distribution {@code opensearch} or {@code elasticsearch}
 * @param version      its version number, e.g. {@code 2.19.1}
 */
public record ServerInfo(String distribution, String version) {

    public boolean isOpenSearch() {
        return "opensearch".equals(distribution);
    }

    /** The major version, or -1 when unreadable. */
    public int major() {
        try {
            return Integer.parseInt(version.substring(0, version.indexOf('.')));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * Whether logship's use (data streams, {@code create} with ids, filter_path) works here: Elasticsearch
     * 7.9+ or OpenSearch 1+.
     */
    public boolean isSupported() {
        int major = major();
        if (isOpenSearch()) {
            return major >= 1;
        }
        if (major == 7) {
            try {
                return Integer.parseInt(version.split("\\.")[1]) >= 9;
            } catch (RuntimeException e) {
                return false;
            }
        }
        return major > 7;
    }

    @Override
    public String toString() {
        return (isOpenSearch() ? "OpenSearch " : "Elasticsearch ") + version;
    }
}
