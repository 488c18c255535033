package dev.logship.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.logship.e2e.testkit.AsyncLoggersChild;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application already on Log4j2's own all-async loggers ({@code log4j2.contextSelector} set before Log4j2
 * starts, as applications do) behaves as before with logship on its class path, and as before with a
 * {@code <Logship>} appender beside its own: every event reaches its File appender, and its async loggers run
 * on its own Disruptor ({@code com.lmax}, 3.4.4 here), never on logship's relocated copy. Log4j2 2.26.1's
 * async loggers on Disruptor 4.0.0 lost over half of such a run's events at shutdown, so a Disruptor that
 * leaked from logship would show here as missing lines. Each run is a child JVM on this suite's class path
 * (the shaded logship-core jar, logship-log4j2, log4j-core and the application's Disruptor).
 *
 * <p>Log4j2 itself is not quite exact here: Log4j2 2.26.1 on Disruptor 3.4.4 alone — this child on a class path
 * of log4j-api, log4j-core and the Disruptor, no logship jar at all — left one event of 100,000 out of its File
 * appender in 2 of 100 runs on this machine (an event from the middle of the run, not the tail). So the File
 * appender may miss a handful ({@link #LOG4J2_OWN_SLACK}), which tells "as before" apart from the Disruptor-4
 * failure (tens of thousands missing); and where logship ships beside it, logship must have shipped exactly
 * the events Log4j2 handed to the File appender, each once.
 */
class ApplicationAsyncLoggersIT {
    private static final int THREADS = 4;
    private static final int PER_THREAD = 25_000;
    private static final int EVENTS = THREADS * PER_THREAD;
    /** What Log4j2 2.26.1 + Disruptor 3.4.4 alone was seen to leave out here: at most 1 event per run. */
    private static final int LOG4J2_OWN_SLACK = 5;

    @TempDir
    Path dir;

    private final List<String> shipped = new CopyOnWriteArrayList<>();
    private HttpServer gelf;

    @AfterEach
    void stopReceiver() {
        if (gelf != null) {
            gelf.stop(0);
        }
    }

    @Test
    void logshipOnTheClassPathChangesNothing() throws Exception {
        Run run = run("");
        run.assertFileAppenderAsBefore();
        run.assertAsyncLoggersOnTheApplicationsDisruptor();
        assertThat(run.disruptors).noneMatch(line -> line.contains("logship"));
    }

    @Test
    void aLogshipAppenderBesideTheApplicationsOwnChangesNothing() throws Exception {
        int port = receiver();
        Run run = run("<Logship name=\"SHIP\" serviceName=\"app\" overflowPolicy=\"BLOCK\" maxBlock=\"60s\""
                + " shutdownTimeout=\"60s\"><Graylog url=\"http://127.0.0.1:" + port + "/gelf\" bulk=\"true\"/></Logship>");
        run.assertFileAppenderAsBefore();
        run.assertAsyncLoggersOnTheApplicationsDisruptor();
        assertThat(run.disruptors).as("logship's encode thread runs the relocated copy").anySatisfy(line ->
                assertThat(line).startsWith("disruptor logship-SHIP-encode dev.logship.core.internal.disruptor."));
        assertThat(new HashSet<>(shipped)).as("logship shipped exactly the events Log4j2 handed to the appenders")
                .isEqualTo(new HashSet<>(run.lines));
        assertThat(shipped).as("each once").hasSameSizeAs(run.lines);
    }

    /** Starts the child with a File appender and {@code extra} beside it; returns what it printed and wrote. */
    private Run run(String extra) throws Exception {
        Path file = dir.resolve("app.log");
        Path config = dir.resolve("log4j2.xml");
        Files.writeString(config, "<Configuration status=\"WARN\"><Appenders><File name=\"FILE\" fileName=\"" + file
                + "\" immediateFlush=\"false\"><PatternLayout pattern=\"%m%n\"/></File>" + extra + "</Appenders>"
                + "<Loggers><Root level=\"INFO\"><AppenderRef ref=\"FILE\"/>"
                + (extra.isEmpty() ? "" : "<AppenderRef ref=\"SHIP\"/>") + "</Root></Loggers></Configuration>");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.contextSelector=org.apache.logging.log4j.core.async.AsyncLoggerContextSelector",
                "-Dlog4j2.configurationFile=" + config, "-cp", System.getProperty("java.class.path"),
                AsyncLoggersChild.class.getName(), Integer.toString(THREADS), Integer.toString(PER_THREAD));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        System.out.println(output); // which Disruptor ran what, in the test report
        return new Run(output, Files.readAllLines(file));
    }

    private record Run(String output, List<String> lines, List<String> disruptors) {
        Run(String output, List<String> lines) {
            this(output, lines, output.lines().filter(line -> line.startsWith("disruptor ")).toList());
        }

        void assertFileAppenderAsBefore() {
            assertThat(output).contains("context org.apache.logging.log4j.core.async.AsyncLoggerContext", "stopped");
            Set<String> distinct = new HashSet<>(lines);
            List<String> missing = new java.util.ArrayList<>();
            for (int w = 0; w < THREADS; w++) {
                for (int i = 0; i < PER_THREAD; i++) {
                    if (!distinct.contains("w" + w + "-" + i)) {
                        missing.add("w" + w + "-" + i);
                    }
                }
            }
            if (!missing.isEmpty()) {
                System.out.printf("Log4j2 left %d of %d events out of the File appender: %s%n", missing.size(), EVENTS,
                        missing);
            }
            assertThat(missing).as("events missing from the application's File appender (of %s lines)", lines.size())
                    .hasSizeLessThanOrEqualTo(LOG4J2_OWN_SLACK);
            assertThat(lines).as("no event twice").hasSameSizeAs(distinct);
            assertThat(distinct).as("what arrived is what was logged").hasSize(EVENTS - missing.size());
        }

        void assertAsyncLoggersOnTheApplicationsDisruptor() {
            List<String> asyncLoggers = disruptors.stream().filter(line -> line.contains("AsyncLogger")).toList();
            assertThat(asyncLoggers).as(output).isNotEmpty().allSatisfy(line -> assertThat(line)
                    .contains(" com.lmax.disruptor.").contains("disruptor-3.4.4.jar"));
        }
    }

    /** A GELF HTTP input that keeps each message's short_message. */
    private int receiver() throws Exception {
        gelf = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        gelf.createContext("/gelf", exchange -> {
            InputStream in = exchange.getRequestBody();
            if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int at = line.indexOf("\"short_message\":\"") + 17;
                shipped.add(line.substring(at, line.indexOf('"', at)));
            }
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        gelf.start();
        return gelf.getAddress().getPort();
    }
}
