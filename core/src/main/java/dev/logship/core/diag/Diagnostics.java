package dev.logship.core.diag;

/**
 * logship's own messages. An appender maps these to its framework's status channel (Logback's
 * {@code StatusManager}, Log4j2's {@code StatusLogger}), never to a logger, so that they cannot loop
 * back into the pipeline.
 */
public interface Diagnostics {

    void info(String message);

    void warn(String message, Throwable cause);

    void error(String message, Throwable cause);

    /** Writes to standard error; the default when no framework channel is given. */
    static Diagnostics stderr() {
        return new Diagnostics() {
            @Override public void info(String message) { System.err.println("logship INFO  " + message); }
            @Override public void warn(String message, Throwable cause) { print("WARN ", message, cause); }
            @Override public void error(String message, Throwable cause) { print("ERROR", message, cause); }

            private void print(String level, String message, Throwable cause) {
                System.err.println("logship " + level + " " + message + (cause == null ? "" : ": " + cause));
            }
        };
    }
}
