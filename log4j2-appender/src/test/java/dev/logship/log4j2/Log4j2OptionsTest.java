package dev.logship.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logship.core.config.TextSettings;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Set;
import java.util.TreeSet;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.junit.jupiter.api.Test;

/**
 * {@code <Logship>} offers exactly the options core reads ({@link TextSettings}, recorded while it reads), under the
 * same names: an option added to core and not to the Log4j2 builder, or misspelt in it, fails here.
 */
class Log4j2OptionsTest {


    @Test
    void theAttributesOfLogshipAndItsElementsAreCoresOptions() {
        Set<String> attributes = new TreeSet<>();
        for (java.lang.reflect.Field field : LogshipAppender.Builder.class.getDeclaredFields()) {
            PluginBuilderAttribute attribute = field.getAnnotation(PluginBuilderAttribute.class);
            if (attribute != null && !field.getName().equals("includeLocation")) { // Log4j2 only: not a core option
                attributes.add(attribute.value().isEmpty() ? field.getName() : attribute.value());
            }
        }
        attributes.addAll(attributes("elasticsearch", Elements.Elasticsearch.class));
        attributes.addAll(attributes("graylog", Elements.Graylog.class));
        attributes.addAll(attributes("spill", Elements.Spill.class));
        attributes.addAll(attributes("batch", Elements.Batch.class));
        assertThat(attributes).containsExactlyInAnyOrderElementsOf(TextSettings.optionNames());
    }

    @Test
    void theBuilderHandsCoreEveryOptionUnderItsName() throws Exception {
        LogshipAppender.Builder builder = LogshipAppender.newBuilder()
                .setElasticsearch(create(Elements.Elasticsearch.class)).setGraylog(create(Elements.Graylog.class))
                .setSpill(create(Elements.Spill.class)).setBatch(create(Elements.Batch.class));
        assertThat(builder.options().keySet()).containsExactlyInAnyOrderElementsOf(TextSettings.optionNames());
    }

    private static Set<String> attributes(String prefix, Class<?> element) {
        Set<String> names = new TreeSet<>();
        for (Parameter parameter : factory(element).getParameters()) {
            names.add(prefix + "." + parameter.getAnnotation(PluginAttribute.class).value());
        }
        return names;
    }

    private static <T> T create(Class<T> element) throws Exception {
        Method factory = factory(element);
        return element.cast(factory.invoke(null, new Object[factory.getParameterCount()]));
    }

    private static Method factory(Class<?> element) {
        for (Method method : element.getDeclaredMethods()) {
            if (method.isAnnotationPresent(PluginFactory.class)) {
                return method;
            }
        }
        throw new IllegalStateException(element + " has no @PluginFactory");
    }
}
