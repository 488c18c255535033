package dev.logship.log4j2;

import dev.logship.core.pipeline.Pipeline;
import dev.logship.core.pipeline.PipelineConfig;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractManager;
import org.apache.logging.log4j.core.appender.ManagerFactory;

/**
 * Owns one pipeline across Log4j2 reconfigurations: managers are shared by name, and the name carries
 * the appender's whole configuration, so a reload that leaves the appender's settings unchanged hands
 * the new appender the same running pipeline (nothing queued is lost, no thread is started twice),
 * while a changed configuration gets a new pipeline and the old one is stopped — flushed within
 * {@code shutdownTimeout}, the rest spilled — when the old configuration releases it.
 */
final class LogshipManager extends AbstractManager {
    private final Pipeline<LogEvent> pipeline;
    private final String fingerprint;

    private LogshipManager(String name, Pipeline<LogEvent> pipeline, String fingerprint) {
        super(null, name);
        this.pipeline = pipeline;
        this.fingerprint = fingerprint;
    }

    /** What the factory needs to start a pipeline, and a digest of the settings it was started with. */
    record Settings(PipelineConfig config, boolean includeLocation, String fingerprint) {
    }

    private static final ManagerFactory<LogshipManager, Settings> FACTORY = (name, settings) ->
            new LogshipManager(name, Pipeline.start(settings.config(), new Log4j2EventReader(settings.includeLocation())),
                    settings.fingerprint());

    /** The digest of the settings this manager's pipeline runs with. */
    String fingerprint() {
        return fingerprint;
    }

    /** The running manager for this name (the configuration's fingerprint), or a new one. */
    static LogshipManager get(String name, Settings settings) {
        return getManager(name, FACTORY, settings);
    }

    Pipeline<LogEvent> pipeline() {
        return pipeline;
    }

    @Override
    protected boolean releaseSub(long timeout, TimeUnit timeUnit) {
        pipeline.stop(); // bounded by shutdownTimeout; what cannot be delivered is spilled when a store is set
        return true;
    }
}
