package dev.logship.spring;

import java.util.List;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;

/**
 * Attaches the logship appender right after Boot has initialised the logging system (this listener runs just
 * after Boot's {@link LoggingApplicationListener}), before the application context is created, so that the
 * startup logs are shipped too. Registered in {@code META-INF/spring.factories}. The appender is handed to the
 * context as an {@link EarlyLogshipLogging} bean, and closed (flushed, then stopped) as the context's last
 * disposable bean, after the application's own beans have logged their shutdown.
 */
public class LogshipApplicationListener implements GenericApplicationListener {
    /** Runs after Boot's logging listener, which initialises Logback or Log4j2. */
    public static final int ORDER = LoggingApplicationListener.DEFAULT_ORDER + 1;
    static final String BEAN_NAME = "logshipEarlyLogging";

    private LogshipLogging logging;

    @Override
    public boolean supportsEventType(ResolvableType eventType) {
        Class<?> type = eventType.getRawClass();
        return type != null && (ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
                || ApplicationPreparedEvent.class.isAssignableFrom(type)
                || ApplicationFailedEvent.class.isAssignableFrom(type));
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            LogshipProperties properties = PropertiesBinding.bind(prepared.getEnvironment());
            if (properties != null && properties.isActive() && logging == null) {
                logging = LogshipLogging.install(properties, prepared.getEnvironment(), List.of());
            }
        } else if (event instanceof ApplicationPreparedEvent prepared && logging != null) {
            ConfigurableListableBeanFactory beans = prepared.getApplicationContext().getBeanFactory();
            if (!beans.containsSingleton(BEAN_NAME)) {
                beans.registerSingleton(BEAN_NAME, new EarlyLogshipLogging(logging));
                if (beans instanceof DefaultSingletonBeanRegistry registry) {
                    LogshipLogging closing = logging;
                    registry.registerDisposableBean(BEAN_NAME + ".close", closing::close); // destroyed last
                }
            }
        } else if (event instanceof ApplicationFailedEvent && logging != null) {
            logging.close();
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
