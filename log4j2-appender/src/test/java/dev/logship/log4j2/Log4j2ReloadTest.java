package dev.logship.log4j2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconfigurations and file reloads during a steady stream of events, shipped to a real GELF HTTP input: every
 * event arrives once, and afterwards exactly one pipeline's threads (encode, deliver, replay) and shutdown hook are
 * left, none once the context stops. Unchanged settings hand the new configuration the running pipeline; changed
 * ones get a new pipeline while the old one delivers what it holds and ends.
 */
class Log4j2ReloadTest {
    private static final String NAME = "RELOAD";
    private static final String[] LINGERS = {"20ms", "30ms"};

    @TempDir
    Path dir;

    private GelfReceiver gelf;
    private LoggerContext context;
    private Path file;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong logged = new AtomicLong();
    private Thread producer;

    @BeforeEach
    void receive() throws Exception {
        gelf = new GelfReceiver();
    }

    @AfterEach
    void stop() throws InterruptedException {
        running.set(false);
        if (producer != null) {
            producer.join();
        }
        if (context != null) {
            Configurator.shutdown(context);
        }
        gelf.close();
    }

    @Test
    void aReconfigurationDuringAStreamLosesNothing() throws Exception {
        reconfigureDuringAStream(false, false);
    }

    @Test
    void aReconfigurationWithChangedSettingsLosesNothingAndLeaksNoThread() throws Exception {
        reconfigureDuringAStream(true, false);
    }

    /** With a spill directory the running pipeline keeps it (and its settings) across a reload: never left out. */
    @Test
    void aReconfigurationWithASpillDirectoryKeepsTheRunningPipeline() throws Exception {
        reconfigureDuringAStream(true, true);
    }

    /**
     * {@code monitorInterval}: Log4j2's own watcher reloads the file on its thread. A touch (same settings), a
     * change (another linger: a new pipeline), and a touch again, each awaited as a new configuration.
     */
    @Test
    void fileReloadsByMonitorIntervalDuringAStreamLoseNothingAndLeakNoThread() throws Exception {
        start(false, " monitorInterval=\"1\"", 10); // about 10,000 events a second over several reloads
        long mtime = Files.getLastModifiedTime(file).toMillis();
        for (int reload = 1; reload <= 3; reload++) {
            Configuration before = context.getConfiguration();
            if (reload == 2) {
                Files.writeString(file, Files.readString(file).replace(LINGERS[0], LINGERS[1]));
            }
            Files.setLastModifiedTime(file, FileTime.fromMillis(mtime + reload * 2_000L)); // always newer
            await().atMost(Duration.ofSeconds(30)).until(() -> context.getConfiguration() != before);
        }
        finish(false);
    }

    private void reconfigureDuringAStream(boolean changed, boolean spill) throws Exception {
        start(spill, "", 50);
        for (int i = 0; i < 6; i++) {
            Thread.sleep(100); // pacing: a reconfiguration every 100 ms while the stream runs
            if (changed && i % 2 == 1) { // a changed setting: a new pipeline, the old one flushed and stopped
                Files.writeString(file, Files.readString(file).replace("linger=\"" + LINGERS[(i / 2) % 2] + "\"",
                        "linger=\"" + LINGERS[(i / 2 + 1) % 2] + "\""));
            }
            context.reconfigure(); // re-reads the file
        }
        finish(spill);
    }

    /**
     * Starts the context from a file and a steady producer that parks a millisecond every {@code pace} events: a
     * stream the loopback receiver keeps up with even on a loaded machine (a flat-out flood outruns it, and then
     * a stopped pipeline without a spill store rightly drops what it cannot deliver within shutdownTimeout).
     */
    private void start(boolean spill, String monitor, int pace) throws Exception {
        file = dir.resolve("log4j2.xml");
        // maxBackoff 1s: what the flood spilled is replayed after at most a second's backoff, within the waits below;
        // flushOnExit (the default): each pipeline registers a shutdown hook, which must not outlive it
        Files.writeString(file, "<Configuration status=\"WARN\"" + monitor + "><Appenders><Logship name=\"" + NAME
                + "\" lossSummary=\"false\" overflowPolicy=\"BLOCK\" maxBlock=\"10s\" maxBackoff=\"1s\"><Graylog url=\""
                + gelf.url() + "\" bulk=\"true\"/><Batch linger=\"" + LINGERS[0] + "\"/>"
                + (spill ? "<Spill directory=\"" + dir.resolve("spool") + "\"/>" : "") + "</Logship></Appenders>"
                + "<Loggers><Root level=\"INFO\"><AppenderRef ref=\"" + NAME + "\"/></Root></Loggers></Configuration>");
        context = Configurator.initialize("reload-test", getClass().getClassLoader(), file.toUri());
        Logger log = context.getLogger("stream");
        producer = new Thread(() -> {
            while (running.get()) {
                log.info("e{}", logged.getAndIncrement());
                if (logged.get() % pace == 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
        });
        producer.start();
    }

    private void finish(boolean spill) throws Exception {
        running.set(false);
        producer.join();
        LogshipAppender current = context.getConfiguration().getAppender(NAME);
        assertThat(current.flush(Duration.ofSeconds(30))).isTrue();
        long total = logged.get();
        await("all " + total + " logged events at the receiver").atMost(Duration.ofSeconds(30))
                .until(() -> gelf.received.size() >= total);
        assertThat(new HashSet<>(gelf.received)).hasSize((int) total);
        assertThat(gelf.received).as("none twice").hasSize((int) total);
        assertThat(current.metrics().droppedTotal()).isZero();

        await("one pipeline's threads and hook").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Integer> threads = LogshipThreads.live(NAME);
            assertThat(threads.keySet()).as("%s", threads).isSubsetOf("encode", "deliver", "replay");
            assertThat(threads.get("encode")).as("%s", threads).isEqualTo(1);
            assertThat(threads.getOrDefault("deliver", 0)).as("%s", threads).isLessThanOrEqualTo(2); // maxInFlight
            assertThat(threads.getOrDefault("replay", 0)).as("%s", threads).isLessThanOrEqualTo(spill ? 1 : 0);
            assertThat(LogshipThreads.hooks(NAME)).containsExactly("logship-" + NAME + "-shutdown");
        });
        Configurator.shutdown(context);
        context = null;
        await("nothing left once the context stops").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(LogshipThreads.live(NAME)).isEmpty();
            assertThat(LogshipThreads.hooks(NAME)).isEmpty();
        });
    }
}
