package dev.logship.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import org.apache.logging.log4j.core.config.plugins.processor.PluginCache;
import org.apache.logging.log4j.core.config.plugins.processor.PluginEntry;
import org.junit.jupiter.api.Test;

/**
 * The built {@code logship-log4j2} jar carries the plugin descriptor Log4j2's annotation processor generated, so
 * a {@code log4j2.xml} finds {@code <Logship>} and its elements by name with no {@code packages} attribute: the
 * descriptor is read here with Log4j2's own {@link PluginCache}, from the jar as it is published.
 */
class Log4j2PluginJarIT {
    private static final Path JAR = Path.of(System.getProperty("logship.log4j2.jar", "log4j2-appender/target/missing.jar"));
    private static final String DESCRIPTOR = "META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat";

    @Test
    void theJarCarriesTheGeneratedDescriptorNamingEveryLogshipPlugin() throws Exception {
        assertThat(JAR).exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getEntry(DESCRIPTOR)).as(DESCRIPTOR).isNotNull();
        }
        PluginCache cache = new PluginCache();
        cache.loadCacheFiles(Collections.enumeration(
                java.util.List.of(new URL("jar:" + JAR.toUri() + "!/" + DESCRIPTOR))));
        Map<String, String> core = new TreeMap<>();
        for (Map.Entry<String, PluginEntry> entry : cache.getCategory("core").entrySet()) {
            core.put(entry.getKey(), entry.getValue().getClassName()); // keys: plugin names in lower case
        }
        assertThat(core).containsEntry("logship", "dev.logship.log4j2.LogshipAppender")
                .containsKeys("elasticsearch", "graylog", "spill", "batch", "field");
        assertThat(core.values()).allMatch(type -> type.startsWith("dev.logship.log4j2."));
    }
}
