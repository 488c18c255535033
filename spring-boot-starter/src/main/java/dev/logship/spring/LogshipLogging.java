package dev.logship.spring;

import dev.logship.core.config.ConfigProblems;
import dev.logship.core.config.TextSettings;
import dev.logship.core.diag.Diagnostics;
import dev.logship.core.pipeline.Pipeline;
import dev.logship.core.pipeline.PipelineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The logship appender of this application: the one the starter attached to the root logger of the logging
 * system Boot uses (Logback or Log4j2), or one the application declared itself, which the starter then
 * leaves alone. Health and metrics read its pipeline; {@link #close()} flushes within
 * {@code shutdownTimeout} and stops it (the rest is spilled when a spill directory is set) when the starter
 * attached it.
 */
public final class LogshipLogging {
    private static final Logger LOG = LoggerFactory.getLogger(LogshipLogging.class);

    /** Attaches, finds and detaches the appender in one logging framework. */
    interface Framework {
        String name();

        /** A logship appender already in the configuration (declared by the user, or left by an earlier context). */
        Attached find();

        /**
         * Starts an appender with these options and attaches it to the root logger in place of {@code replacing}
         * (null for none), which is then stopped; null when it could not start (then {@code replacing} stays).
         */
        Attached attach(String appenderName, Map<String, String> options, Consumer<PipelineConfig.Builder> customizer,
                        Attached replacing);

        /** Whether {@code attached} is still on the root logger of the active configuration, started. */
        boolean isAttached(Attached attached);

        /** Calls {@code reloaded} after each reload of the logging configuration, until the returned handle is closed. */
        AutoCloseable watch(Runnable reloaded);
    }

    /** An appender in the logging configuration. */
    interface Attached {
        Pipeline<?> pipeline();

        String name();

        /** The appender object itself (its identity marks what the starter attached). */
        Object appender();

        /** Whether it is still started (a reload of the logging configuration stops it). */
        boolean running();

        /** Detaches it from the root logger and stops it (delivering within shutdownTimeout, spilling the rest). */
        void detachAndStop();
    }

    /**
     * Appenders the starter attached whose application failed to start: they stay attached (so that the failure
     * report is shipped) until the JVM exits or the next run in this JVM replaces them. Shared across devtools
     * restarts, whose classloaders share this one.
     */
    private static final Map<Object, LogshipLogging> LEFTOVERS = new java.util.WeakHashMap<>();

    /** The appender at one moment, read once: its name, pipeline, and whether it runs. */
    public record View(String appender, Pipeline<?> pipeline, boolean running) {
    }

    private final Framework framework;
    private final LogshipProperties properties;
    private final Map<String, String> options;
    private final List<String> problems;
    private volatile Attached appender;
    private final boolean owned;
    /** The customizer the appender was built with: reused as it is on re-attachment (Log4j2 keys pipelines by it). */
    private Consumer<PipelineConfig.Builder> activeCustomizer;
    private AutoCloseable watch;
    private boolean reattaching;
    private boolean closed;

    private LogshipLogging(Framework framework, LogshipProperties properties, Map<String, String> options,
                           List<String> problems, Attached appender, boolean owned) {
        this.framework = framework;
        this.properties = properties;
        this.options = options;
        this.problems = List.copyOf(problems);
        this.appender = appender;
        this.owned = owned;
    }

    /**
     * Attaches a logship appender configured from {@code properties} to the root logger, unless the logging
     * configuration already has one. Never throws: a bad setting is logged once, naming the property and the fix,
     * and logship stays off while the application runs on.
     */
    static LogshipLogging install(LogshipProperties properties, Environment environment, List<LogshipCustomizer> customizers) {
        return install(properties, environment, customizers, false);
    }

    /**
     * @param springClosesIt Spring's shutdown hook closes the context (and so this appender, last): the pipeline's
     *                       own JVM exit hook is left out, so that it cannot stop while the context still logs
     */
    static LogshipLogging install(LogshipProperties properties, Environment environment, List<LogshipCustomizer> customizers,
                                  boolean springClosesIt) {
        Map<String, String> options = LogshipOptions.of(properties, environment);
        if (springClosesIt) {
            options.put("flushOnExit", "false");
        }
        Framework framework = detect();
        if (framework == null) {
            String problem = "logship: no supported logging system is active (Logback or Log4j2 with log4j-core); "
                    + "logs are not shipped. Use spring-boot-starter-logging (the default) or spring-boot-starter-log4j2.";
            LOG.warn(problem);
            return new LogshipLogging(null, properties, options, List.of(problem), null, false);
        }
        Attached existing = framework.find();
        Attached leftover = null;
        LogshipLogging previous;
        synchronized (LEFTOVERS) {
            previous = existing == null ? null : LEFTOVERS.remove(existing.appender());
        }
        if (previous != null) {
            previous.abandon(); // it no longer looks after the appender
            leftover = existing; // the starter's own, from a run that failed to start: replaced below
            existing = null;
        }
        if (existing != null) {
            LOG.info("logship: the {} configuration already has logship appender '{}'; the starter leaves it in place "
                    + "and attaches no second one", framework.name(), existing.name());
            if (!customizers.isEmpty()) {
                LOG.warn("logship: LogshipCustomizer beans apply only to the appender the starter attaches, not to '{}'",
                        existing.name());
            }
            return new LogshipLogging(framework, properties, options, List.of(), existing, false);
        }
        List<String> problems = check(options, customizers);
        if (!problems.isEmpty()) {
            problems.forEach(problem -> LOG.error("{} (logs are not shipped; the application runs on)", problem));
            return new LogshipLogging(framework, properties, options, problems, null, false);
        }
        Consumer<PipelineConfig.Builder> customizer = customizer(customizers);
        Attached attached = framework.attach(properties.getAppenderName(), options, customizer, leftover);
        List<String> startProblems = attached != null ? List.of()
                : List.of("logship: the appender could not start; see the messages above");
        LogshipLogging logging = new LogshipLogging(framework, properties, options, startProblems, attached, attached != null);
        if (attached != null) {
            logging.activeCustomizer = customizer;
            logging.watch = framework.watch(logging::reloaded);
        }
        return logging;
    }

    /**
     * The logging configuration was reloaded (Logback {@code scan}, a Log4j2 {@code monitorInterval}, a reset), which
     * drops the appender the starter attached: attach it again, with the same settings.
     */
    private synchronized void reloaded() {
        Attached current = appender;
        if (closed || reattaching || current == null || framework.isAttached(current)) {
            return;
        }
        reattaching = true; // attaching may itself fire the framework's change events
        try {
            Attached again = framework.attach(properties.getAppenderName(), options, activeCustomizer, null);
            if (again != null) {
                synchronized (LEFTOVERS) { // a leftover of a failed start stays one
                    if (LEFTOVERS.remove(current.appender()) != null) {
                        LEFTOVERS.put(again.appender(), this);
                    }
                }
                appender = again;
                LOG.info("logship: the {} configuration was reloaded; appender '{}' is attached again", framework.name(),
                        again.name());
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.error("logship: the {} configuration was reloaded and appender '{}' could not be attached again; logs "
                    + "are not shipped until the application restarts", framework.name(), current.name(), e);
        } finally {
            reattaching = false;
        }
    }

    /** Every configuration problem, with the Spring property names. */
    private static List<String> check(Map<String, String> options, List<LogshipCustomizer> customizers) {
        ConfigProblems problems = new ConfigProblems();
        PipelineConfig.Builder config = PipelineConfig.builder();
        TextSettings.apply(options, config, problems);
        List<String> named = new ArrayList<>();
        try {
            customizer(customizers).accept(config);
        } catch (RuntimeException e) {
            named.add("logship: a LogshipCustomizer bean threw " + e + "; fix the customizer");
        }
        config.validate(problems);
        problems.all().forEach(problem -> named.add(LogshipOptions.springNames(problem)));
        return named;
    }

    private static Consumer<PipelineConfig.Builder> customizer(List<LogshipCustomizer> customizers) {
        return config -> {
            config.diagnostics(Diagnostics.stderr()); // the frameworks' status channels are not printed once Boot runs
            customizers.forEach(customizer -> customizer.customize(config));
        };
    }

    /** Whether the active logging configuration already has a logship appender (declared in its XML, say). */
    static boolean declaredAppenderPresent() {
        try {
            Framework framework = detect();
            return framework != null && framework.find() != null;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Framework detect() {
        ClassLoader loader = LogshipLogging.class.getClassLoader();
        if (ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext", loader) && LogbackFramework.active()) {
            return new LogbackFramework();
        }
        if (ClassUtils.isPresent("org.apache.logging.log4j.core.LoggerContext", loader) && Log4j2Framework.active()) {
            return new Log4j2Framework();
        }
        return null;
    }

    /**
     * Rebuilds the appender the starter attached with {@code customizers} (called once the context has created them).
     * Without a spill directory the new appender is attached before the old one stops, so no event is missed.
     */
    synchronized void customize(List<LogshipCustomizer> customizers) {
        try {
            rebuild(customizers);
        } catch (RuntimeException | LinkageError e) {
            LOG.error("logship: could not apply the LogshipCustomizer beans; the appender keeps the configuration of the "
                    + "properties", e);
        }
    }

    private void rebuild(List<LogshipCustomizer> customizers) {
        Attached current = appender;
        if (customizers.isEmpty() || !owned || current == null || closed) {
            if (!customizers.isEmpty() && !owned && current != null) {
                LOG.warn("logship: LogshipCustomizer beans apply only to the appender the starter attaches, not to '{}'",
                        current.name());
            }
            return;
        }
        List<String> found = check(options, customizers);
        if (!found.isEmpty()) {
            found.forEach(problem -> LOG.error("{} (from a LogshipCustomizer; the appender keeps the configuration of "
                    + "the properties)", problem));
            return;
        }
        Consumer<PipelineConfig.Builder> customizer = customizer(customizers);
        if (LogshipProperties.has(options.get("spill.directory"))) {
            current.detachAndStop(); // the spill directory belongs to one pipeline at a time
            appender = framework.attach(properties.getAppenderName(), options, customizer, null);
            activeCustomizer = customizer;
        } else {
            Attached rebuilt = framework.attach(properties.getAppenderName(), options, customizer, current);
            if (rebuilt != null) {
                appender = rebuilt;
                activeCustomizer = customizer;
            }
        }
    }

    /** The running pipeline, or null when logship is off (not configured, a bad setting, or no logging system). */
    public Pipeline<?> pipeline() {
        Attached current = appender;
        return current == null ? null : current.pipeline();
    }

    /** The appender, its pipeline and whether it runs, read together; null fields when logship is off. */
    public View view() {
        Attached current = appender;
        return current == null ? new View(null, null, false)
                : new View(current.name(), current.pipeline(), current.running());
    }

    /** The appender's name, or null. */
    public String appenderName() {
        Attached current = appender;
        return current == null ? null : current.name();
    }

    /** The {@code appender} tag of the meters: stable across a rebuild of the appender. */
    public String meterName() {
        String name = appenderName();
        return owned || name == null ? properties.getAppenderName() : name;
    }

    /** Logback, Log4j2, or null when neither is active. */
    public String framework() {
        return framework == null ? null : framework.name();
    }

    /** Whether the starter attached the appender (false when the application declared its own). */
    public boolean attachedByStarter() {
        return owned;
    }

    /** Why logship is off, with the property names; empty while it runs. */
    public List<String> problems() {
        return problems;
    }

    /**
     * The application did not start: delivers what was logged, and leaves the appender the starter attached in
     * place so that the failure report Boot logs next is shipped too. It is stopped when the JVM exits ({@code
     * stopAtExit}, Boot's shutdown handlers) or replaced by the next run in this JVM.
     */
    synchronized void failed(java.util.function.Consumer<Runnable> stopAtExit) {
        Attached current = appender;
        if (closed || current == null) {
            return;
        }
        Pipeline<?> pipeline = current.pipeline();
        if (pipeline != null) {
            pipeline.flush(java.time.Duration.ofSeconds(1));
        }
        if (owned) {
            synchronized (LEFTOVERS) {
                LEFTOVERS.put(current.appender(), this);
            }
            stopAtExit.accept(this::close);
        }
    }

    /** What the starter would configure, under the appenders' option names (for tests and diagnostics). */
    Map<String, String> options() {
        return options;
    }

    /**
     * On context close: an appender the starter attached is detached and stopped, which delivers what was logged
     * within {@code shutdownTimeout} and spills the rest (with a spill directory; otherwise it is counted as lost);
     * an appender the application declared is only flushed, within its {@code shutdownTimeout}. Called once; later
     * calls do nothing.
     */
    /** Another run took over the appender: stop looking after it, leave it attached. */
    private synchronized void abandon() {
        closed = true;
        unwatch();
    }

    private void unwatch() {
        if (watch != null) {
            try {
                watch.close();
            } catch (Exception e) {
                LOG.debug("logship: could not stop watching the logging configuration", e);
            }
            watch = null;
        }
    }

    public synchronized void close() {
        if (closed) {
            return;
        }
        unwatch();
        synchronized (LEFTOVERS) {
            Attached current = appender;
            if (current != null) {
                LEFTOVERS.remove(current.appender());
            }
        }
        closed = true;
        Attached current = appender;
        if (current == null) {
            return;
        }
        if (owned) {
            current.detachAndStop(); // the pipeline delivers within shutdownTimeout and spills (or counts) the rest
            return;
        }
        Pipeline<?> pipeline = current.pipeline();
        if (pipeline != null) { // the application's own appender: its logging system stops it later
            pipeline.flush(pipeline.config().shutdownTimeout());
        }
    }
}
