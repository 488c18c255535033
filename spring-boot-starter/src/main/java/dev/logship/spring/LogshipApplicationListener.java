package dev.logship.spring;

import java.util.List;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;

/**
 * Attaches the logship appender right after Boot has initialised the logging system (this listener runs just
 * after Boot's {@link LoggingApplicationListener}), before the application context is created, so that the
 * startup logs are shipped too. Registered in {@code META-INF/spring.factories}. The appender is handed to the
 * context as an {@link EarlyLogshipLogging} bean and closed (delivering within {@code shutdownTimeout}, then
 * stopped) as the context's last disposable bean, after the application's own beans have logged their shutdown.
 * When the application fails to start, the appender stays attached until the JVM exits, so that Boot's failure
 * report is shipped as well. Nothing here throws into Boot: a failure is logged once and logship stays off.
 */
public class LogshipApplicationListener implements GenericApplicationListener {
    /** Runs after Boot's logging listener, which initialises Logback or Log4j2. */
    public static final int ORDER = LoggingApplicationListener.DEFAULT_ORDER + 1;
    static final String BEAN_NAME = "logshipEarlyLogging";

    /** Between the environment and the context (or the failure) of one run; handed over, then forgotten. */
    private LogshipLogging pending;
    /** Handed to a context that has not started yet. */
    private LogshipLogging starting;

    @Override
    public boolean supportsEventType(ResolvableType eventType) {
        Class<?> type = eventType.getRawClass();
        return type != null && (ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
                || ApplicationPreparedEvent.class.isAssignableFrom(type)
                || ApplicationStartedEvent.class.isAssignableFrom(type)
                || ApplicationFailedEvent.class.isAssignableFrom(type));
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        try {
            handle(event);
        } catch (RuntimeException | LinkageError e) {
            LoggerFactory.getLogger(LogshipLogging.class).error("logship: could not set up log shipping; logs are not "
                    + "shipped, the application runs on", e);
        }
    }

    private void handle(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            LogshipProperties properties = PropertiesBinding.bind(prepared.getEnvironment());
            String excluded = prepared.getEnvironment().getProperty("spring.autoconfigure.exclude", "");
            if (properties != null && properties.isActive() && !excluded.contains(LogshipAutoConfiguration.class.getName())) {
                boolean springClosesIt = prepared.getEnvironment()
                        .getProperty("spring.main.register-shutdown-hook", Boolean.class, true);
                pending = LogshipLogging.install(properties, prepared.getEnvironment(), List.of(), springClosesIt);
            }
        } else if (event instanceof ApplicationPreparedEvent prepared && pending != null) {
            ConfigurableListableBeanFactory beans = prepared.getApplicationContext().getBeanFactory();
            LogshipLogging logging = pending;
            pending = null;
            starting = logging;
            if (!beans.containsSingleton(BEAN_NAME)) {
                beans.registerSingleton(BEAN_NAME, new EarlyLogshipLogging(logging));
                if (beans instanceof DefaultSingletonBeanRegistry registry) {
                    registry.registerDisposableBean(BEAN_NAME + ".close", () -> { // the first registered: destroyed last
                        if (starting != logging) {
                            logging.close();
                        } // else the refresh failed: ApplicationFailedEvent comes next and keeps it for the report
                    });
                }
            }
        } else if (event instanceof ApplicationStartedEvent) {
            starting = null;
        } else if (event instanceof ApplicationFailedEvent) {
            LogshipLogging logging = pending != null ? pending : starting;
            pending = null;
            starting = null;
            if (logging != null) {
                logging.failed(stop -> SpringApplication.getShutdownHandlers().add(stop));
            }
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** The appender attached before the context existed, handed to the auto-configuration. */
    public record EarlyLogshipLogging(LogshipLogging logging) {
    }
}
