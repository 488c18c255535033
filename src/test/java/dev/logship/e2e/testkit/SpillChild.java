package dev.logship.e2e.testkit;

import dev.logship.logback.ElasticsearchSettings;
import dev.logship.logback.LogshipAppender;
import dev.logship.logback.SpillSettings;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child JVM for the crash test. {@code spill <url> <dir> <dataStream> <spillMode>}: logs numbered events
 * forever to a sink that is down, with {@code spill.fsync=ALWAYS} and the given {@code spill.mode} (with
 * {@code WRITE_AHEAD} every batch goes to disk in the order it was logged, so the N events reported spilled are
 * exactly seq 0..N-1), printing {@code spilled N} as the count of events on disk grows (until it is killed).
 * {@code replay <url> <dir> <dataStream> <spillMode>}: logs
 * nothing, waits until the spill store is drained into the sink, prints {@code replayed N} and exits.
 */
public final class SpillChild {
    private SpillChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String url = args[1];
        LogshipAppender appender = LogbackFixture.attach(url, a -> {
            ElasticsearchSettings target = new ElasticsearchSettings();
            target.setUrl(url);
            target.setDataStream(args[3]);
            a.setElasticsearch(target);
            a.setConnectTimeout("1s");
            a.setMaxRetries("0");
            a.setInitialBackoff("100ms");
            a.setMaxBackoff("500ms");
            a.setOverflowPolicy("BLOCK");
            a.setMaxBlock("10s");
            a.setBatch(batch());
            SpillSettings spill = new SpillSettings();
            spill.setDirectory(args[2]);
            spill.setFsync("ALWAYS");
            spill.setMode(args[4]);
            a.setSpill(spill);
        });
        if (!appender.isStarted()) {
            System.out.println("not started");
            System.exit(2);
        }
        if (mode.equals("spill")) {
            Logger log = LoggerFactory.getLogger("e2e.crash");
            long reported = -1;
            for (long seq = 0; ; seq++) {
                log.atInfo().addKeyValue("seq", seq).log("crash test event {}", seq);
                if (seq % 500 == 0) {
                    long spilled = appender.metrics().spilled();
                    if (spilled != reported) {
                        System.out.println("spilled " + spilled);
                        System.out.flush();
                        reported = spilled;
                    }
                    TimeUnit.MILLISECONDS.sleep(5);
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (appender.metrics().spillEvents() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        System.out.println("replayed " + appender.metrics().replayed());
        System.out.println("left " + appender.metrics().spillEvents());
        System.out.flush();
        LogbackFixture.reset();
        System.exit(0);
    }

    private static dev.logship.logback.BatchSettings batch() {
        dev.logship.logback.BatchSettings batch = new dev.logship.logback.BatchSettings();
        batch.setMaxEvents("500");
        batch.setLinger("50ms");
        return batch;
    }
}
