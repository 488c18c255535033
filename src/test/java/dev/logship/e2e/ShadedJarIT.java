package dev.logship.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The published {@code logship-core} jar carries the Disruptor relocated under
 * {@code dev.logship.core.internal.disruptor} and declares no Disruptor dependency, so adding logship
 * never changes the Disruptor an application's Log4j2 async loggers run on.
 */
class ShadedJarIT {
    private static final Path JAR = Path.of(System.getProperty("logship.core.jar", "core/target/missing.jar"));
    private static final Path POM = Path.of(System.getProperty("logship.core.pom", "core/target/missing.xml"));

    @Test
    void coreJarHoldsOnlyTheRelocatedDisruptor() throws Exception {
        assertThat(JAR).exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(e -> e.getName()).collect(Collectors.toList());
            assertThat(names).noneMatch(n -> n.startsWith("com/lmax/"));
            assertThat(names).noneMatch(n -> n.startsWith("META-INF/maven/com.lmax/"));
            assertThat(names).contains("dev/logship/core/internal/disruptor/RingBuffer.class",
                    "dev/logship/core/internal/disruptor/BatchEventProcessor.class");
            assertThat(names).filteredOn(n -> n.endsWith(".class") && !n.startsWith("dev/logship/")
                    && !n.startsWith("META-INF/versions/")).isEmpty();
        }
    }

    @Test
    void publishedPomDeclaresNoDisruptor() throws Exception {
        assertThat(POM).exists();
        org.w3c.dom.Document pom = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(POM.toFile());
        javax.xml.xpath.XPath xpath = javax.xml.xpath.XPathFactory.newInstance().newXPath();
        org.w3c.dom.NodeList deps = (org.w3c.dom.NodeList) xpath.evaluate(
                "/*[local-name()='project']/*[local-name()='dependencies']/*[local-name()='dependency']",
                pom, javax.xml.xpath.XPathConstants.NODESET);
        List<String> declared = new java.util.ArrayList<>();
        for (int i = 0; i < deps.getLength(); i++) {
            declared.add(xpath.evaluate("*[local-name()='groupId']", deps.item(i)) + ":"
                    + xpath.evaluate("*[local-name()='artifactId']", deps.item(i)));
        }
        assertThat(declared).contains("com.fasterxml.jackson.core:jackson-core",
                "org.apache.httpcomponents.client5:httpclient5", "com.github.luben:zstd-jni");
        assertThat(declared).noneMatch(d -> d.contains("disruptor") || d.startsWith("com.lmax"));
    }
}
