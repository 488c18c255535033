package dev.logship.log4j2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.logship.core.diag.MetricsSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the Log4j2 context with the sink stalled: the stop is bounded by {@code shutdownTimeout}, what was
 * not delivered is in the spill store (logged = delivered + spilled, nothing dropped), and the next context
 * with the sink up replays it, each event once.
 */
class Log4j2ShutdownTest {
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(3);
    private final List<LoggerContext> contexts = new ArrayList<>();
    private final List<GelfReceiver> receivers = new ArrayList<>();

    @AfterEach
    void stop() {
        contexts.forEach(Configurator::shutdown);
        receivers.forEach(GelfReceiver::close);
    }

    private LoggerContext start(Path dir, String name, GelfReceiver sink) throws Exception {
        Path file = dir.resolve(name + ".xml");
        // requestTimeout far beyond shutdownTimeout: only the stop's own deadline can end a stalled request
        Files.writeString(file, "<Configuration status=\"WARN\"><Appenders><Logship name=\"STOP\" flushOnExit=\"false\""
                + " lossSummary=\"false\" overflowPolicy=\"BLOCK\" maxBlock=\"10s\" requestTimeout=\"60s\""
                + " shutdownTimeout=\"" + SHUTDOWN_TIMEOUT.toSeconds() + "s\" maxBackoff=\"1s\"><Graylog url=\""
                + sink.url() + "\" bulk=\"true\"/><Batch maxEvents=\"100\" linger=\"20ms\"/><Spill directory=\""
                + dir.resolve("spool") + "\"/></Logship></Appenders>"
                + "<Loggers><Root level=\"INFO\"><AppenderRef ref=\"STOP\"/></Root></Loggers></Configuration>");
        LoggerContext context = Configurator.initialize(name, getClass().getClassLoader(), file.toUri());
        contexts.add(context);
        return context;
    }

    private GelfReceiver receiver() throws Exception {
        GelfReceiver receiver = new GelfReceiver();
        receivers.add(receiver);
        return receiver;
    }

    private static void log(Logger log, int from, int to) {
        for (int i = from; i < to; i++) {
            log.info("e{}", i);
        }
    }

    @Test
    void stoppingWithTheSinkStalledReturnsWithinShutdownTimeoutSpillsTheRestAndTheNextRunReplaysIt(@TempDir Path dir)
            throws Exception {
        GelfReceiver stalling = receiver();
        LoggerContext first = start(dir, "stop-first", stalling);
        LogshipAppender appender = first.getConfiguration().getAppender("STOP");
        Logger log = first.getLogger("stop");
        log(log, 0, 1_000);
        assertThat(appender.flush(Duration.ofSeconds(30))).isTrue();
        // what overflowed into the store on the way is replayed too: the sink has all of it before it stalls
        await().atMost(Duration.ofSeconds(30)).until(() -> stalling.received.size() == 1_000);
        stalling.stall(); // up, but it never answers again
        log(log, 1_000, 3_000);

        long start = System.nanoTime();
        // no await here: the stop itself must cope with batches sent, queued and still in the ring
        assertThat(first.stop(60, TimeUnit.SECONDS)).isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("stop with the sink stalled took " + took.toMillis() + " ms; " + appender.metrics());
        stalling.close();

        // it waits for the stalled requests until the deadline, and not much longer
        assertThat(took).isGreaterThanOrEqualTo(SHUTDOWN_TIMEOUT.dividedBy(2))
                .isLessThan(SHUTDOWN_TIMEOUT.plusSeconds(10));
        MetricsSnapshot stopped = appender.metrics();
        assertThat(stopped.received()).as("%s", stopped).isEqualTo(3_000);
        // overflow spilling: what the sink could not take at once went through the store, live or at the stop
        assertThat(stopped.delivered() + stopped.spilled()).as("logged = delivered + spilled: %s", stopped)
                .isEqualTo(3_000);
        assertThat(stopped.droppedTotal()).as("%s", stopped.dropped()).isZero();
        assertThat(stopped.delivered() + stopped.replayed()).as("what the sink acknowledged")
                .isEqualTo(stalling.received.size()).isGreaterThanOrEqualTo(1_000);
        assertThat(stopped.spillEvents()).as("the rest waits in the spill store: %s", stopped)
                .isEqualTo(3_000 - stalling.received.size());
        long left = stopped.spillEvents();

        GelfReceiver up = receiver();
        LoggerContext second = start(dir, "stop-second", up);
        LogshipAppender next = second.getConfiguration().getAppender("STOP");
        await().atMost(Duration.ofSeconds(30)).until(() -> next.metrics().spillEvents() == 0
                && up.received.size() >= left);
        assertThat(next.metrics().replayed()).isEqualTo(left);
        assertThat(up.received).hasSize((int) left);
        Set<String> all = new HashSet<>(stalling.received);
        all.addAll(up.received);
        assertThat(all).as("each event once, across both runs").hasSize(3_000);
        assertThat(stalling.received.size() + up.received.size()).isEqualTo(3_000);
    }
}
