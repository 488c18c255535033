package dev.logship.core.spill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.logship.core.batch.Batch;
import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.PipelineMetrics;
import dev.logship.core.testkit.RecordingDiagnostics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillStoreTest {
    @TempDir
    Path dir;

    private final PipelineMetrics metrics = new PipelineMetrics();
    private final RecordingDiagnostics diagnostics = new RecordingDiagnostics();

    /** A batch of {@code events} records "<name>-<i>\n", with event times 1000+i. */
    private static Batch batch(String name, int events) {
        Batch batch = new Batch(1024);
        for (int i = 0; i < events; i++) {
            byte[] record = ("{\"id\":\"" + name + "-" + i + "\",\"pad\":\"" + "x".repeat(i % 50) + "\"}\n")
                    .getBytes(StandardCharsets.UTF_8);
            batch.appendRecord(record, 0, record.length);
        }
        batch.timeSpan(1000, 1000 + events);
        return batch;
    }

    private static List<String> records(Batch batch) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < batch.events(); i++) {
            out.add(new String(batch.data().array(), batch.recordStart(i), batch.recordEnd(i) - batch.recordStart(i),
                    StandardCharsets.UTF_8));
        }
        return out;
    }

    private SpillStore open(SpillSettings settings) throws SpillException {
        return SpillStore.open(settings, metrics, diagnostics);
    }

    private SpillStore open() throws SpillException {
        return open(SpillSettings.in(dir).withFsync(FsyncPolicy.ALWAYS));
    }

    /** Replays everything: the records' first event ids, in order. */
    private static List<String> drain(SpillStore store) throws IOException {
        List<String> firsts = new ArrayList<>();
        Batch into = new Batch(1024);
        for (SpillStore.Record record; (record = store.peek()) != null; ) {
            record.readInto(into);
            firsts.add(records(into).get(0).substring(7, 14));
            store.ack(record);
        }
        return firsts;
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void recordsComeBackByteForByteInOrderAndAcknowledgedSegmentsAreDeleted() throws IOException {
        try (SpillStore store = open()) {
            Batch first = batch("batch-1", 3);
            assertThat(store.append(first, null)).isEqualTo(SpillStore.Appended.STORED);
            assertThat(store.append(batch("batch-2", 500), null)).isEqualTo(SpillStore.Appended.STORED);
            assertThat(store.append(batch("batch-3", 7), new int[] {1, 4})).isEqualTo(SpillStore.Appended.STORED);
            assertThat(store.pendingEvents()).isEqualTo(505);

            Batch into = new Batch(16);
            SpillStore.Record record = store.peek();
            record.readInto(into);
            assertThat(records(into)).isEqualTo(records(first));
            assertThat(into.oldestMillis()).isEqualTo(1000);
            assertThat(into.newestMillis()).isEqualTo(1003);
            assertThat(store.peek()).as("one record out at a time").isNull();
            store.ack(record);
            record = store.peek();
            record.readInto(into);
            assertThat(into.events()).isEqualTo(500);
            store.ack(record);
            record = store.peek();
            record.readInto(into);
            assertThat(records(into)).containsExactly("{\"id\":\"batch-3-1\",\"pad\":\"x\"}\n",
                    "{\"id\":\"batch-3-4\",\"pad\":\"xxxx\"}\n");
            store.ack(record);
            assertThat(store.peek()).isNull();
            assertThat(store.pendingEvents()).isZero();
            assertThat(segments()).as("drained segments are deleted").isEmpty();
        }
    }

    @Test
    void whatIsLeftIsReplayedByTheNextRunAndAcknowledgedRecordsAreNot() throws IOException {
        try (SpillStore store = open()) {
            for (int i = 1; i <= 4; i++) {
                store.append(batch("batch-" + i, 10), null);
            }
            SpillStore.Record first = store.peek();
            store.ack(first);
            SpillStore.Record second = store.peek();
            store.release(second); // not delivered: stays first in line
        }
        try (SpillStore store = open()) {
            assertThat(store.recoveredEvents()).isEqualTo(30);
            assertThat(drain(store)).containsExactly("batch-2", "batch-3", "batch-4");
        }
        try (SpillStore store = open()) {
            assertThat(store.pendingEvents()).isZero();
            assertThat(store.peek()).isNull();
        }
    }

    @Test
    void filesAreReadableByTheOwnerOnly() throws IOException {
        Path fresh = dir.resolve("fresh");
        try (SpillStore store = open(SpillSettings.in(fresh))) {
            store.append(batch("batch-1", 2), null);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
            try (Stream<Path> files = Files.list(fresh)) {
                for (Path file : files.toList()) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                            .isEqualTo("rw-------");
                }
            }
        }
    }

    @Test
    void aTornTailIsTruncatedAndTheRestReplayed() throws IOException {
        try (SpillStore store = open()) {
            for (int i = 1; i <= 3; i++) {
                store.append(batch("batch-" + i, 20), null);
            }
        }
        Path segment = segments().get(0);
        long size = Files.size(segment);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(size - 5); // the last record's write was cut short
        }
        try (SpillStore store = open()) {
            assertThat(store.recoveredEvents()).isEqualTo(40);
            assertThat(diagnostics.infos).anyMatch(m -> m.contains("truncated a torn tail"));
            assertThat(drain(store)).containsExactly("batch-1", "batch-2");
            assertThat(metrics.snapshot().corruptSpillRecords()).isZero();
        }
    }

    @Test
    void aFlippedPayloadByteInTheMiddleRecordSkipsThatRecordAndCountsIt() throws IOException {
        long[] offsets = appendThreeAndClose();
        flip(segments().get(0), offsets[1] + SpillFormat.RECORD_HEADER + 3);
        try (SpillStore store = open()) {
            assertThat(drain(store)).containsExactly("batch-1", "batch-3");
            assertThat(metrics.snapshot().corruptSpillRecords()).isEqualTo(1);
            assertThat(metrics.snapshot().dropped(DropReason.SPILL_CORRUPT)).isEqualTo(30);
            assertThat(diagnostics.warnings).anyMatch(m -> m.contains("damaged record") && m.contains("30 events lost"));
        }
    }

    @Test
    void aFlippedHeaderByteIsSkippedToTheNextRecord() throws IOException {
        long[] offsets = appendThreeAndClose();
        flip(segments().get(0), offsets[1] + 9); // inside the event count
        try (SpillStore store = open()) {
            assertThat(store.recoveredEvents()).as("the damaged record's count is unknown").isEqualTo(50);
            assertThat(drain(store)).containsExactly("batch-1", "batch-3");
            assertThat(metrics.snapshot().corruptSpillRecords()).isEqualTo(1);
        }
    }

    /** Three records of 20, 30 and 30 events in one segment; returns where each starts. */
    private long[] appendThreeAndClose() throws IOException {
        try (SpillStore store = open()) {
            store.append(batch("batch-1", 20), null);
            store.append(batch("batch-2", 30), null);
            store.append(batch("batch-3", 30), null);
        }
        long[] offsets = new long[3];
        try (var channel = java.nio.channels.FileChannel.open(segments().get(0))) {
            long at = SpillFormat.SEGMENT_HEADER;
            for (int i = 0; i < 3; i++) {
                offsets[i] = at;
                ByteBuffer header = ByteBuffer.allocate(SpillFormat.RECORD_HEADER);
                channel.read(header, at);
                at += SpillFormat.RECORD_HEADER + header.getInt(12);
            }
        }
        return offsets;
    }

    private static void flip(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x5A);
        }
    }

    @Test
    void aZeroLengthSegmentIsRemovedQuietly() throws IOException {
        Files.createFile(dir.resolve(SpillFormat.segmentName(5)));
        try (SpillStore store = open()) {
            assertThat(store.pendingEvents()).isZero();
            store.append(batch("batch-1", 1), null);
            assertThat(segments()).extracting(p -> p.getFileName().toString())
                    .containsExactly(SpillFormat.segmentName(6));
            assertThat(diagnostics.warnings).isEmpty();
        }
    }

    @Test
    void aSegmentOfANewerFormatIsRefusedWithAClearMessageAndKeptOnDisk() throws IOException {
        Path newer = dir.resolve(SpillFormat.segmentName(3));
        ByteBuffer header = ByteBuffer.allocate(SpillFormat.SEGMENT_HEADER);
        header.putInt(SpillFormat.SEGMENT_MAGIC).putShort((short) 2).putShort((short) 0).putLong(0);
        Files.write(newer, header.array());
        try (SpillStore store = open()) {
            assertThat(store.leftAlone()).containsExactly(newer);
            assertThat(diagnostics.warnings).anyMatch(m -> m.contains(newer.toString())
                    && m.contains("format version 2") && m.contains("left in place"));
            store.append(batch("batch-1", 4), null);
            assertThat(drain(store)).containsExactly("batch-1");
        }
        assertThat(newer).exists();
        try (SpillStore store = open()) { // the cursor is now past its id: still not deleted
            store.append(batch("batch-2", 4), null);
            assertThat(drain(store)).containsExactly("batch-2");
        }
        assertThat(newer).exists();
    }

    @Test
    void dropOldestKeepsTheNewestAndCountsEveryEventPushedOut() throws IOException {
        SpillSettings settings = SpillSettings.in(dir).withMaxSize(SpillSettings.MIN_MAX_SIZE);
        int appended = 0;
        try (SpillStore store = open(settings)) {
            for (int i = 0; i < 200; i++) {
                Batch batch = randomBatch("b" + String.format("%05d", i), 40);
                assertThat(store.append(batch, null)).isEqualTo(SpillStore.Appended.STORED);
                appended += 40;
                assertThat(store.sizeBytes()).isLessThanOrEqualTo(settings.maxSize());
            }
            long dropped = metrics.snapshot().dropped(DropReason.SPILL_FULL);
            assertThat(dropped).isPositive();
            assertThat(store.pendingEvents() + dropped).isEqualTo(appended);
            List<String> kept = drain(store);
            assertThat(kept).last().isEqualTo("b00199-");
            assertThat(kept.size() * 40L).isEqualTo(appended - dropped);
            assertThat(diagnostics.warnings).anyMatch(m -> m.contains("spill.maxSize") && m.contains("dropped the oldest"));
        }
    }

    @Test
    void dropNewestRefusesOnceFullAndKeepsTheOldest() throws IOException {
        SpillSettings settings = SpillSettings.in(dir).withMaxSize(SpillSettings.MIN_MAX_SIZE)
                .withDropPolicy(SpillDropPolicy.DROP_NEWEST);
        try (SpillStore store = open(settings)) {
            int stored = 0;
            int refused = 0;
            for (int i = 0; i < 200; i++) {
                SpillStore.Appended result = store.append(randomBatch("b" + String.format("%05d", i), 40), null);
                if (result == SpillStore.Appended.STORED) {
                    assertThat(refused).as("nothing stored after the first refusal").isZero();
                    stored++;
                } else {
                    assertThat(result).isEqualTo(SpillStore.Appended.FULL);
                    refused++;
                }
            }
            assertThat(refused).isPositive();
            assertThat(store.pendingEvents()).isEqualTo(stored * 40L);
            assertThat(drain(store)).first().isEqualTo("b00000-");
        }
    }

    /** Incompressible records, so that the cap is reached in a few batches. */
    private static Batch randomBatch(String name, int events) {
        java.util.Random random = new java.util.Random(name.hashCode());
        Batch batch = new Batch(1024);
        for (int i = 0; i < events; i++) {
            byte[] noise = new byte[48];
            random.nextBytes(noise);
            byte[] record = ("{\"id\":\"" + name + "-" + i + "\",\"n\":\"" + java.util.HexFormat.of().formatHex(noise)
                    + "\"}\n").getBytes(StandardCharsets.UTF_8);
            batch.appendRecord(record, 0, record.length);
        }
        return batch;
    }

    @Test
    void aSecondStoreInTheSameJvmIsRefusedAndTheFirstKeepsItsLock() throws Exception {
        try (SpillStore store = open()) {
            assertThatThrownBy(this::open).isInstanceOf(SpillException.class)
                    .hasMessageContaining("spill.directory '" + dir + "' is already used by another logship appender");
            // the refusal must not have released the first store's lock (closing any descriptor of a locked
            // file drops a POSIX lock): another process is still kept out
            Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), SpillLockHolder.class.getName(), dir.toString())
                    .redirectErrorStream(true).start();
            other.getOutputStream().close();
            String output = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(other.waitFor()).as(output).isNotZero();
            assertThat(output).contains("is in use by another process (pid " + ProcessHandle.current().pid() + ")");
        }
        open().close(); // released on close
    }

    @Test
    void aSecondProcessOnTheSameDirectoryIsRefusedWithItsPid() throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SpillLockHolder.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).startsWith("locked");
            assertThatThrownBy(this::open).isInstanceOf(SpillException.class)
                    .hasMessageContaining("is in use by another process (pid " + holder.pid() + ")")
                    .hasMessageContaining("give each its own");
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        open().close();
    }

    @Test
    void aFailedWriteFailsOnlyThatAppendAndNothingAcknowledgedIsLost() throws IOException {
        FaultyChannel.Faults faults = new FaultyChannel.Faults();
        try (SpillStore store = SpillStore.open(SpillSettings.in(dir).withFsync(FsyncPolicy.ALWAYS), metrics,
                diagnostics, faults)) {
            assertThat(store.append(batch("batch-1", 5), null)).isEqualTo(SpillStore.Appended.STORED);
            assertThat(store.append(batch("batch-2", 5), null)).isEqualTo(SpillStore.Appended.STORED);
            faults.failWrite = faults.writes.get() + 2; // the payload of the next record, half written
            assertThat(store.append(batch("batch-3", 5), null)).isEqualTo(SpillStore.Appended.FAILED);
            assertThat(store.append(batch("batch-4", 5), null)).isEqualTo(SpillStore.Appended.STORED);
            assertThat(metrics.snapshot().spillErrors()).isEqualTo(1);
            assertThat(diagnostics.warnings).anyMatch(m -> m.contains("cannot write 5 events to the spill store")
                    && m.contains("No space left on device") && m.contains("application keeps running"));
        }
        try (SpillStore store = open()) {
            assertThat(drain(store)).containsExactly("batch-1", "batch-2", "batch-4");
            assertThat(metrics.snapshot().corruptSpillRecords()).isZero();
        }
    }

    @Test
    void aFailedFsyncFailsThatAppendAndTheStoreGoesOn() throws IOException {
        FaultyChannel.Faults faults = new FaultyChannel.Faults();
        try (SpillStore store = SpillStore.open(SpillSettings.in(dir).withFsync(FsyncPolicy.ALWAYS), metrics,
                diagnostics, faults)) {
            assertThat(store.append(batch("batch-1", 5), null)).isEqualTo(SpillStore.Appended.STORED);
            faults.failForce = faults.forces.get() + 1;
            assertThat(store.append(batch("batch-2", 5), null)).isEqualTo(SpillStore.Appended.FAILED);
            assertThat(store.append(batch("batch-3", 5), null)).isEqualTo(SpillStore.Appended.STORED);
            assertThat(store.pendingEvents()).isEqualTo(10);
        }
        try (SpillStore store = open()) {
            assertThat(drain(store)).containsExactly("batch-1", "batch-3");
        }
    }

    @Test
    void aDiskThatRefusesEveryWriteFailsAppendsWithoutThrowing() throws IOException {
        FaultyChannel.Faults faults = new FaultyChannel.Faults();
        try (SpillStore store = SpillStore.open(SpillSettings.in(dir), metrics, diagnostics, faults)) {
            assertThat(store.append(batch("batch-1", 5), null)).isEqualTo(SpillStore.Appended.STORED);
            faults.failAllWrites = true;
            for (int i = 0; i < 5; i++) {
                assertThat(store.append(batch("batch-x", 5), null)).isEqualTo(SpillStore.Appended.FAILED);
            }
            faults.failAllWrites = false;
            assertThat(store.append(batch("batch-2", 5), null)).isEqualTo(SpillStore.Appended.STORED);
            assertThat(drain(store)).containsExactly("batch-1", "batch-2");
        }
    }

    @Test
    void aReadOnlyDirectoryIsRefusedWithTheSettingAndTheFix() throws Exception {
        Path readOnly = dir.resolve("ro");
        Files.createDirectory(readOnly, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-x------")));
        if (!Files.isWritable(readOnly)) {
            assertThatThrownBy(() -> open(SpillSettings.in(readOnly))).isInstanceOf(SpillException.class)
                    .hasMessageContaining("spill.directory '" + readOnly + "' is not writable");
            return;
        }
        // root writes anywhere (CI runs as root): ask a child JVM running as nobody, for whom the directory is read-only
        Path setpriv = Path.of("/usr/bin/setpriv");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(setpriv),
                "running as root without setpriv: cannot make a directory read-only for this process");
        Path shared = Files.createTempDirectory(Path.of("/tmp"), "logship-ro-");
        try {
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path forNobody = Files.createDirectory(shared.resolve("spill"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            String classPath = Path.of(SpillStore.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    + java.io.File.pathSeparator
                    + Path.of(SpillLockHolder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Process child = new ProcessBuilder(setpriv.toString(), "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                    "--", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-cp", classPath,
                    SpillLockHolder.class.getName(), forNobody.toString(), "probe").redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor()).as(output).isZero();
            assertThat(output).contains("refused spill.directory '" + forNobody + "' is not writable by this process");
        } finally {
            try (Stream<Path> files = Files.walk(shared)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void segmentsRollAtAnEighthOfTheCap() throws IOException {
        try (SpillStore store = open(SpillSettings.in(dir).withMaxSize(1L << 20))) {
            for (int i = 0; i < 300; i++) {
                store.append(randomBatch("b" + String.format("%05d", i), 40), null);
            }
            assertThat(metrics.snapshot().dropped(DropReason.SPILL_FULL)).isZero();
            assertThat(segments().size()).isGreaterThan(3);
            for (Path segment : segments()) {
                assertThat(Files.size(segment)).isLessThanOrEqualTo((1L << 20) / 8);
            }
            assertThat(drain(store)).hasSize(300);
        }
    }

    // ---------------------------------------------------------------- fsync policies

    @Test
    void intervalForcesWithinTheIntervalWithNoFurtherAppendAndNoReplayer() throws IOException {
        FaultyChannel.Faults counting = new FaultyChannel.Faults();
        try (SpillStore store = SpillStore.open(SpillSettings.in(dir).withFsync(FsyncPolicy.INTERVAL)
                .withFsyncInterval(Duration.ofMillis(200)), metrics, diagnostics, counting)) {
            assertThat(store.append(batch("batch-1", 5), null)).isEqualTo(SpillStore.Appended.STORED);
            assertThat(counting.segmentForces.get()).as("a new segment's header is forced when it is made").isOne();
            // nobody appends, nobody replays: the store forces the record on its own within the interval
            await().atMost(Duration.ofSeconds(10)).until(() -> counting.segmentForces.get() == 2);
        }
    }

    @Test
    void neverNeverForces() throws IOException {
        FaultyChannel.Faults counting = new FaultyChannel.Faults();
        try (SpillStore store = SpillStore.open(SpillSettings.in(dir).withFsync(FsyncPolicy.NEVER)
                .withFsyncInterval(Duration.ofMillis(100)), metrics, diagnostics, counting)) {
            for (int i = 0; i < 3; i++) {
                assertThat(store.append(batch("batch-" + i, 5), null)).isEqualTo(SpillStore.Appended.STORED);
            }
            SpillStore.Record record = store.peek();
            store.ack(record);
            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5))
                    .until(() -> counting.forces.get() == 0);
        }
    }

    @Test
    void alwaysForcesEachRecordBeforeTheAppendReturnsStored() throws IOException {
        FaultyChannel.Faults counting = new FaultyChannel.Faults();
        try (SpillStore store = SpillStore.open(SpillSettings.in(dir).withFsync(FsyncPolicy.ALWAYS), metrics,
                diagnostics, counting)) {
            assertThat(store.append(batch("batch-0", 5), null)).isEqualTo(SpillStore.Appended.STORED);
            for (int i = 1; i < 4; i++) {
                int before = counting.segmentForces.get();
                assertThat(store.append(batch("batch-" + i, 5), null)).isEqualTo(SpillStore.Appended.STORED);
                assertThat(counting.segmentForces.get()).as("append %d", i).isEqualTo(before + 1);
            }
        }
    }

    // ---------------------------------------------------------------- codecs

    @Test
    void gzipRecordsRoundTripAndAreReadByAStoreThatWritesZstd() throws IOException {
        String previous = System.getProperty("logship.spill.codec");
        System.setProperty("logship.spill.codec", "gzip");
        Batch first = batch("batch-1", 3);
        Batch second = batch("batch-2", 500);
        try (SpillStore store = open()) {
            assertThat(store.append(first, null)).isEqualTo(SpillStore.Appended.STORED);
            assertThat(store.append(second, new int[] {0, 7, 499})).isEqualTo(SpillStore.Appended.STORED);
        } finally {
            if (previous == null) {
                System.clearProperty("logship.spill.codec");
            } else {
                System.setProperty("logship.spill.codec", previous);
            }
        }
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(segments().get(0))) {
            SegmentReader.Found record = SegmentReader.at(channel, SpillFormat.SEGMENT_HEADER, channel.size());
            assertThat(record.header().codec()).as("logship.spill.codec=gzip").isEqualTo(SpillFormat.CODEC_GZIP);
        }
        try (SpillStore store = open()) {
            Batch into = new Batch(16);
            SpillStore.Record record = store.peek();
            record.readInto(into);
            assertThat(records(into)).isEqualTo(records(first));
            assertThat(into.oldestMillis()).isEqualTo(1000);
            assertThat(into.newestMillis()).isEqualTo(1003);
            store.ack(record);
            record = store.peek();
            record.readInto(into);
            assertThat(records(into)).containsExactly(records(second).get(0), records(second).get(7),
                    records(second).get(499));
            store.ack(record);
            assertThat(store.peek()).isNull();
        }
    }
}
