package dev.logship.spring;

import dev.logship.core.pipeline.PipelineConfig;

/**
 * Adjusts the pipeline configuration that the starter built from the {@code logship.*} properties, in code:
 * declare one or more as beans (ordered by {@link org.springframework.core.annotation.Order}). Customizers
 * apply to the appender the starter attaches, not to one declared in {@code logback-spring.xml} or
 * {@code log4j2-spring.xml}.
 *
 * <p>The appender is attached before the application context exists (so that startup logs are shipped),
 * from the properties alone; when customizer beans exist it is rebuilt with them once the context has
 * created them, which the starter does without losing an event — except with a spill directory, which only
 * one pipeline may hold at a time, so that events logged by other threads in the moment between the old
 * pipeline's stop and the new one's start reach only the other appenders.
 */
@FunctionalInterface
public interface LogshipCustomizer {
    void customize(PipelineConfig.Builder config);
}
