package dev.logship.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logship.core.batch.Batch;
import dev.logship.core.diag.PipelineMetrics;
import dev.logship.core.spill.FsyncPolicy;
import dev.logship.core.spill.SpillSettings;
import dev.logship.core.spill.SpillStore;
import dev.logship.core.testkit.RecordingDiagnostics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolToolTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Three records of bulk-style events (action line + document), the first one acknowledged. */
    @BeforeEach
    void spool() throws Exception {
        try (SpillStore store = SpillStore.open(SpillSettings.in(dir).withFsync(FsyncPolicy.ALWAYS),
                new PipelineMetrics(), new RecordingDiagnostics())) {
            for (int b = 0; b < 3; b++) {
                Batch batch = new Batch(1024);
                for (int i = 0; i < 4; i++) {
                    byte[] record = ("{\"create\":{\"_index\":\"logs-x-default\",\"_id\":\"id-" + b + i + "\"}}\n"
                            + "{\"message\":\"event " + b + "-" + i + "\"}\n").getBytes(StandardCharsets.UTF_8);
                    batch.appendRecord(record, 0, record.length);
                }
                batch.timeSpan(1_700_000_000_000L + b, 1_700_000_000_000L + b + 10);
                store.append(batch, null);
            }
            store.ack(store.peek());
        }
    }

    private int run(String... args) {
        return new SpoolTool(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void inspectPrintsSegmentsRecordsEventsBytesAndTheTimeSpan() {
        assertThat(run("spool", "inspect", dir.toString())).isZero();
        assertThat(out()).contains("1 segment(s), 3 records, 12 events (8 waiting to be replayed)")
                .contains("events from 2023-11-14T22:13:20Z to 2023-11-14T22:13:20.012Z")
                .contains("4 events already delivered").contains("cursor: segment 1");
    }

    @Test
    void verifyChecksEveryRecordAndReportsDamage() throws Exception {
        assertThat(run("spool", "verify", dir.toString())).isZero();
        assertThat(out()).contains("3 records (12 events) check; 0 problem(s)");

        Path segment = Files.list(dir).filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(file.length() - 3);
            file.write(0x42 ^ file.read());
        }
        out.reset();
        assertThat(run("spool", "verify", dir.toString())).isEqualTo(1);
        assertThat(out()).contains("does not match its CRC32C").contains("2 records (8 events) check; 1 problem(s)");
    }

    @Test
    void exportWritesTheWaitingEventsAsNdjson() throws Exception {
        Path file = dir.resolve("out.ndjson");
        assertThat(run("spool", "export", dir.toString(), "--output", file.toString())).isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(8).first().isEqualTo("{\"message\":\"event 1-0\"}");
        assertThat(run("spool", "export", dir.toString(), "--output", file.toString(), "--all")).isZero();
        assertThat(Files.readAllLines(file)).hasSize(12);
    }

    @Test
    void badUsageExplainsItself() {
        assertThat(run("spool", "explode", dir.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'explode'").contains("usage:");
        err.reset();
        assertThat(run("spool", "replay", dir.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("replay needs --url");
        err.reset();
        assertThat(run("spool", "inspect", dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not a directory");
    }
}
