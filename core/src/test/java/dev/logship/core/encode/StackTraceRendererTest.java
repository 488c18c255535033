package dev.logship.core.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class StackTraceRendererTest {

    private static String printed(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return text.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void rendersACauseChainAsPrintStackTraceDoes() {
        RuntimeException thrown = new RuntimeException("outer", new IllegalStateException("inner",
                new IllegalArgumentException("root")));

        String rendered = new StackTraceRenderer(0).render(thrown, Integer.MAX_VALUE).toString();

        assertThat(rendered).isEqualTo(printed(thrown));
        assertThat(rendered).contains("\nCaused by: java.lang.IllegalStateException: inner\n")
                .containsPattern("\n\t\\.\\.\\. \\d+ more\n");
    }

    @Test
    void rendersSuppressedExceptionsAsPrintStackTraceDoes() {
        RuntimeException thrown = Throwables.withCauseAndSuppressed();

        String rendered = new StackTraceRenderer(0).render(thrown, Integer.MAX_VALUE).toString();

        assertThat(rendered).isEqualTo(printed(thrown)).contains("\n\tSuppressed: java.io.UncheckedIOException");
    }

    @Test
    void commonFramesOfACauseAreCountedAsMore() {
        RuntimeException thrown = Throwables.withCauseAndSuppressed();
        Throwable cause = thrown.getCause();
        int common = 0;
        StackTraceElement[] outer = thrown.getStackTrace();
        StackTraceElement[] inner = cause.getStackTrace();
        while (common < Math.min(outer.length, inner.length)
                && outer[outer.length - 1 - common].equals(inner[inner.length - 1 - common])) {
            common++;
        }

        String rendered = new StackTraceRenderer(0).render(thrown, Integer.MAX_VALUE).toString();

        assertThat(common).isPositive();
        String causeSection = rendered.substring(rendered.indexOf("Caused by: java.lang.IllegalStateException"));
        assertThat(causeSection).contains("\t... " + common + " more\n");
        assertThat(causeSection.lines().filter(l -> l.startsWith("\tat ")).count()).isEqualTo(inner.length - common);
    }

    @Test
    void maxFramesShortensEachTrace() {
        RuntimeException thrown = new RuntimeException("deep");
        int frames = thrown.getStackTrace().length;

        String rendered = new StackTraceRenderer(2).render(thrown, Integer.MAX_VALUE).toString();

        assertThat(frames).isGreaterThan(3);
        assertThat(rendered.lines().filter(l -> l.startsWith("\tat ")).count()).isEqualTo(2);
        assertThat(rendered).endsWith("\t... " + (frames - 2) + " more\n");
        assertThat(rendered).startsWith("java.lang.RuntimeException: deep\n\tat " + thrown.getStackTrace()[0] + "\n");
    }

    @Test
    void aCyclicCauseChainTerminatesWithAMarker() {
        RuntimeException cyclic = Throwables.cyclic();

        String rendered = new StackTraceRenderer(0).render(cyclic, Integer.MAX_VALUE).toString();

        assertThat(rendered).isEqualTo(printed(cyclic)).startsWith("java.lang.RuntimeException: a\n")
                .contains("Caused by: java.lang.IllegalStateException: b\n")
                .endsWith("Caused by: [CIRCULAR REFERENCE: java.lang.RuntimeException: a]\n");
    }

    @Test
    void aCycleThroughSuppressedExceptionsTerminates() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b");
        a.addSuppressed(b);
        b.addSuppressed(a);

        String rendered = new StackTraceRenderer(0).render(a, Integer.MAX_VALUE).toString();

        assertThat(rendered).contains("Suppressed: java.lang.RuntimeException: b")
                .contains("[CIRCULAR REFERENCE: java.lang.RuntimeException: a]");
    }

    @Test
    void stopsNearTheCharacterLimitForAHugeChain() {
        Throwable chain = hugeChain(20_000);

        String rendered = new StackTraceRenderer(0).render(chain, 10_000).toString();

        assertThat(rendered.length()).isGreaterThanOrEqualTo(10_000).isLessThan(10_000 + 1_000);
        assertThat(rendered).startsWith("java.lang.RuntimeException: level 19999\n");
    }

    @Test
    void rendersAVeryLongCauseChainWithoutOverflowingTheStack() {
        Throwable chain = hugeChain(20_000);

        String rendered = new StackTraceRenderer(0).render(chain, Integer.MAX_VALUE).toString();

        assertThat(rendered).startsWith("java.lang.RuntimeException: level 19999\n")
                .contains("\nCaused by: java.lang.RuntimeException: level 0\n")
                .contains("\nCaused by: java.lang.IllegalStateException: root\n");
        assertThat(rendered.lines().filter(l -> l.startsWith("Caused by: "))).hasSize(20_000);
    }

    private static Throwable hugeChain(int length) {
        Throwable chain = new IllegalStateException("root");
        for (int i = 0; i < length; i++) {
            chain = new RuntimeException("level " + i, chain);
        }
        return chain;
    }

    @Test
    void isReusableAcrossCalls() {
        StackTraceRenderer renderer = new StackTraceRenderer(0);
        RuntimeException first = Throwables.cyclic();
        renderer.render(first, Integer.MAX_VALUE);
        IllegalStateException second = new IllegalStateException("second");

        String rendered = renderer.render(second, Integer.MAX_VALUE).toString();

        assertThat(rendered).isEqualTo(printed(second)).doesNotContain("CIRCULAR");
    }

    @Test
    void headerAndMessageAreGuarded() {
        RuntimeException hostile = Throwables.messageThrows();

        assertThat(StackTraceRenderer.message(hostile)).isEqualTo("[getMessage() threw java.lang.IllegalStateException]");
        assertThat(StackTraceRenderer.header(hostile)).isEqualTo(hostile.getClass().getName()
                + ": [getMessage() threw java.lang.IllegalStateException]");
        assertThat(StackTraceRenderer.header(new NullPointerException())).isEqualTo("java.lang.NullPointerException");
    }
}
