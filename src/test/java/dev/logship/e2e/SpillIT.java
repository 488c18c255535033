package dev.logship.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.MetricsSnapshot;
import dev.logship.e2e.testkit.LogbackFixture;
import dev.logship.e2e.testkit.OpenSearchClient;
import dev.logship.e2e.testkit.RealOpenSearch;
import dev.logship.demo.SwitchableProxy;
import dev.logship.logback.ElasticsearchSettings;
import dev.logship.logback.LogshipAppender;
import dev.logship.logback.SpillSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spill store end to end against the real OpenSearch node: an outage (a proxy in front of the node
 * taken down and brought back), a {@code kill -9} of a child JVM, and a spill cap. Counted back from
 * the node; {@code create} with our event ids as {@code _id} makes a count equal to what was logged
 * proof of exactly once.
 */
@ExtendWith(RealOpenSearch.class)
class SpillIT {
    private static final Logger log = LoggerFactory.getLogger("e2e.spill");

    @TempDir
    Path spool;

    private SwitchableProxy proxy;

    @AfterEach
    void tearDown() throws Exception {
        LogbackFixture.reset();
        if (proxy != null) {
            proxy.close();
        }
    }

    private LogshipAppender ship(String url, String dataStream, Consumer<SpillSettings> spillSettings) {
        return LogbackFixture.attach(url, a -> {
            ElasticsearchSettings target = new ElasticsearchSettings();
            target.setUrl(url);
            target.setDataStream(dataStream);
            a.setElasticsearch(target);
            a.setConnectTimeout("1s");
            a.setRequestTimeout("10s");
            a.setMaxRetries("2");
            a.setInitialBackoff("100ms");
            a.setMaxBackoff("1s");
            SpillSettings spill = new SpillSettings();
            spill.setDirectory(spool.toString());
            spillSettings.accept(spill);
            a.setSpill(spill);
        });
    }

    /** Logs {@code count} events at about {@code perSecond}; returns the slowest single call in nanoseconds. */
    private static long logPaced(int count, int perSecond) throws InterruptedException {
        long start = System.nanoTime();
        long slowest = 0;
        for (int i = 0; i < count; i++) {
            long before = System.nanoTime();
            log.atInfo().addKeyValue("seq", i).log("outage event {}", i);
            slowest = Math.max(slowest, System.nanoTime() - before);
            if (i % 1000 == 999) {
                long due = start + (long) ((i + 1) * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
        }
        return slowest;
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The heap in use after a full collection, sampled every second on its own thread until closed. */
    private static final class HeapSampler implements AutoCloseable {
        private final java.util.concurrent.atomic.AtomicLong max = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicInteger samples = new java.util.concurrent.atomic.AtomicInteger();
        private final Thread thread = new Thread(this::run, "heap-sampler");
        private volatile boolean running = true;

        HeapSampler() {
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            while (running) {
                max.accumulateAndGet(usedHeapAfterGc(), Math::max);
                samples.incrementAndGet();
                try {
                    Thread.sleep(1000); // the sampling period
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }

        long max() {
            return max.get();
        }

        int samples() {
            return samples.get();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
            max.accumulateAndGet(usedHeapAfterGc(), Math::max);
            samples.incrementAndGet();
        }
    }

    @Test
    void twoHundredThousandEventsLoggedDuringAnOutageAllArriveExactlyOnce(OpenSearchClient es) throws Exception {
        es.dataStreamTemplate("logs-outage", "logs-outage-*");
        proxy = new SwitchableProxy(es.url());
        proxy.down();
        LogshipAppender appender = ship(proxy.url(), "logs-outage-default", s -> { });
        long heapBefore = usedHeapAfterGc();
        HeapSampler heap = new HeapSampler();

        long slowest = logPaced(200_000, 40_000);
        await().atMost(Duration.ofSeconds(60)).until(() -> appender.metrics().spilled() == 200_000);
        MetricsSnapshot during = appender.metrics();
        assertThat(during.dropped(DropReason.RING_FULL)).as("the ring never filled: no call waited or dropped").isZero();
        assertThat(during.delivered()).isZero();

        proxy.up();
        await().atMost(Duration.ofSeconds(240)).until(() -> appender.metrics().replayed() == 200_000);
        heap.close();
        System.out.printf("outage: slowest log call %d us (the heap samples force full collections, which pause it), heap growth at most %d KB over %d samples, spill %d KB%n",
                slowest / 1000, (heap.max() - heapBefore) / 1024, heap.samples(), during.spillBytes() / 1024);
        assertThat(heap.samples()).as("sampled through the outage and the replay").isGreaterThanOrEqualTo(3);
        assertThat(heap.max() - heapBefore).as("neither the outage nor the replay grows the heap").isLessThan(64L << 20);
        MetricsSnapshot after = appender.metrics();
        assertThat(after.droppedTotal()).isZero();
        assertThat(after.spillEvents()).isZero();
        assertThat(es.count("logs-outage-default")).isEqualTo(200_000);
    }

    @Test
    void withATinySpillCapTheOldestAreDroppedAndTheCountsAddUp(OpenSearchClient es) throws Exception {
        es.dataStreamTemplate("logs-spillcap", "logs-spillcap-*");
        proxy = new SwitchableProxy(es.url());
        proxy.down();
        LogshipAppender appender = ship(proxy.url(), "logs-spillcap-default", s -> s.setMaxSize("256KB"));

        int logged = 60_000;
        logPaced(logged, 40_000);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            MetricsSnapshot m = appender.metrics();
            return m.spilled() + m.droppedAfterAccept() - m.droppedFromStore() == logged;
        });
        long dropped = appender.metrics().dropped(DropReason.SPILL_FULL);
        assertThat(dropped).isPositive();

        proxy.up();
        await().atMost(Duration.ofSeconds(120)).until(() -> appender.metrics().spillEvents() == 0);
        MetricsSnapshot m = appender.metrics();
        assertThat(m.dropped(DropReason.SPILL_FULL)).isEqualTo(dropped);
        assertThat(m.droppedTotal()).isEqualTo(dropped);
        long delivered = es.countWhere("logs-spillcap-default", "log.logger:\"e2e.spill\"");
        assertThat(delivered + dropped).as("logged = delivered + dropped").isEqualTo(logged);
        assertThat(delivered).isEqualTo(m.replayed());

        await().atMost(Duration.ofSeconds(30))
                .until(() -> es.countWhere("logs-spillcap-default", "log.logger:\"dev.logship\"") == 1);
        Map<String, Object> summary = es.search("logs-spillcap-default", "log.logger:\"dev.logship\"", 1).get(0);
        assertThat(summary.get("log.level")).isEqualTo("WARN");
        assertThat((String) summary.get("message")).startsWith("logship lost " + dropped + " events between ")
                .contains(dropped + " spill full");
    }

    /**
     * Both spill modes: in WRITE_AHEAD every batch goes to disk in log order, so the events replayed are
     * exactly seq 0..N-1; in OVERFLOW (the default) batches go to disk as the senders give them up, not
     * necessarily in log order, and the batch a sender still held in memory at the kill was never reported
     * spilled, so what is checked there is every reported event delivered, each once.
     */
    @ParameterizedTest
    @ValueSource(strings = {"WRITE_AHEAD", "OVERFLOW"})
    void eventsSpilledBeforeKillMinusNineAreDeliveredByTheNextRunExactlyOnce(String spillMode, OpenSearchClient es)
            throws Exception {
        String dataStream = "logs-crash" + spillMode.toLowerCase(java.util.Locale.ROOT).replace("_", "") + "-default";
        es.dataStreamTemplate(dataStream.replace("-default", ""), dataStream.replace("-default", "-*"));
        String deadUrl;
        try (ServerSocket free = new ServerSocket(0)) {
            deadUrl = "http://127.0.0.1:" + free.getLocalPort();
        }
        Process first = child("spill", deadUrl, dataStream, spillMode);
        long reported = 0;
        try (BufferedReader out = reader(first)) {
            for (String line; reported < 20_000 && (line = out.readLine()) != null; ) {
                if (line.startsWith("spilled ")) {
                    reported = Long.parseLong(line.substring(8).trim());
                }
            }
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no close
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(reported).as("the first run reported events on disk").isGreaterThanOrEqualTo(20_000);

        Process second = child("replay", es.url(), dataStream, spillMode);
        long replayed = -1;
        long left = -1;
        try (BufferedReader out = reader(second)) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("replayed ")) {
                    replayed = Long.parseLong(line.substring(9).trim());
                } else if (line.startsWith("left ")) {
                    left = Long.parseLong(line.substring(5).trim());
                }
            }
        }
        assertThat(second.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isZero();
        assertThat(left).isZero();
        assertThat(replayed).as("everything reported spilled is replayed").isGreaterThanOrEqualTo(reported);
        assertThat(es.count(dataStream)).as("each exactly once").isEqualTo(replayed);
        assertThat(es.duplicates(dataStream, "seq")).isEmpty();
        if (spillMode.equals("WRITE_AHEAD")) {
            // replayed distinct seqs, the least 0 and the greatest replayed - 1: exactly seq 0..replayed-1, which
            // holds the 0..reported-1 the first run said were on disk (it spilled in log order), and nothing else
            assertThat(es.stats(dataStream, "seq")).as("count, min, max of seq")
                    .containsExactly(replayed, 0, replayed - 1);
        }
    }

    private Process child(String mode, String url, String dataStream, String spillMode) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                dev.logship.e2e.testkit.SpillChild.class.getName(), mode, url, spool.toString(), dataStream, spillMode);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }
}
