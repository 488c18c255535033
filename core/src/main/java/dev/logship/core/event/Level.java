package dev.logship.core.event;

/** Severity of an event, with the names written to Elasticsearch and the syslog levels GELF uses. */
public enum Level {
    TRACE(7), DEBUG(7), INFO(6), WARN(4), ERROR(3), FATAL(2);

    private final int syslog;

    Level(int syslog) {
        this.syslog = syslog;
    }

    /** The syslog severity (RFC 5424) for GELF's {@code level} field. */
    public int syslog() {
        return syslog;
    }
}
