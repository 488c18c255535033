package dev.logship.core.spill;

import dev.logship.core.batch.Batch;
import dev.logship.core.diag.Diagnostics;
import dev.logship.core.diag.DropReason;
import dev.logship.core.diag.PipelineMetrics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The spill store: batches that could not be delivered, appended as records (see {@link SpillFormat}
 * for the bytes) to segment files in one directory that this store alone may use (a lock file
 * enforces it, across processes and within one). A replayer {@link #peek}s the oldest record, delivers
 * it and {@link #ack}s it, which advances a durable cursor; a segment is deleted once all of it is
 * acknowledged. On open, segments an earlier run left are checked: a torn tail is truncated, a record
 * header that does not check is skipped (counted when the replayer reaches it), a segment of a newer
 * format is left alone with a message.
 *
 * <p>Never throws into its callers once open: a disk error fails the one append (the caller counts the
 * events) and is reported. Thread-safe: the batcher and senders append, one replayer peeks and acks.
 */
public final class SpillStore implements AutoCloseable {
    /** Opens the store's files: the seam for fault injection in tests. */
    @FunctionalInterface
    public interface ChannelOpener {
        FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;
    }

    /** What became of an append. */
    public enum Appended { STORED, FULL, FAILED }

    /** A record handed to the replayer and not yet acknowledged or released. */
    public static final class Record {
        private final long segment;
        private final long offset;
        private final long next;
        private final SpillFormat.Header header;
        private final byte[] stored;
        private boolean evicted;

        private Record(long segment, long offset, long next, SpillFormat.Header header, byte[] stored) {
            this.segment = segment;
            this.offset = offset;
            this.next = next;
            this.header = header;
            this.stored = stored;
        }

        public int events() {
            return header.events();
        }

        /** Decompresses the record into {@code into} (emptied first). */
        public void readInto(Batch into) throws IOException {
            SpillCodec.unpackInto(SpillCodec.unpack(header.codec(), stored, header.rawLength()), header.events(), into);
            into.timeSpan(header.oldestMillis(), header.newestMillis());
        }

        @Override
        public String toString() {
            return "record at " + SpillFormat.segmentName(segment) + ":" + offset + " (" + header.events() + " events)";
        }
    }

    static final Set<StandardOpenOption> READ = EnumSet.of(StandardOpenOption.READ);
    static final Set<StandardOpenOption> WRITE = EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE);

    private final SpillSettings settings;
    private final Path directory;
    private final PipelineMetrics metrics;
    private final Diagnostics diagnostics;
    private final ChannelOpener opener;
    private final DirectoryLock claim;
    private final SpillCodec codec = new SpillCodec();
    private final ArrayDeque<SpillSegment> segments = new ArrayDeque<>();
    private final List<Path> leftAlone = new ArrayList<>();
    private final long segmentSize;
    private FileChannel cursorChannel;
    private long cursorOffset;
    private SpillSegment active;
    private FileChannel activeChannel;
    private FileChannel readChannel;
    private long readSegment = -1;
    private long nextId = 1;
    private long totalBytes;
    private long pendingEvents;
    private long recovered;
    private Record outstanding;
    private boolean dirty;
    private boolean cursorDirty;
    /** {@code fsync=INTERVAL}: forces what was written within the interval, on its own thread; null otherwise. */
    private final java.util.concurrent.ScheduledThreadPoolExecutor syncer;
    private boolean syncScheduled;
    private long failures;
    private long lastFailureReportNanos;
    private boolean closed;

    private SpillStore(SpillSettings settings, PipelineMetrics metrics, Diagnostics diagnostics, ChannelOpener opener,
                       DirectoryLock claim) {
        this.claim = claim;
        this.settings = settings;
        this.directory = settings.directory();
        this.metrics = metrics;
        this.diagnostics = diagnostics;
        this.opener = opener;
        this.segmentSize = settings.segmentSize();
        this.syncer = settings.fsync() == FsyncPolicy.INTERVAL ? syncer(settings.fsyncInterval()) : null;
    }

    /** One thread, started by the first write that needs forcing and ended when idle for a while. */
    private static java.util.concurrent.ScheduledThreadPoolExecutor syncer(java.time.Duration interval) {
        var executor = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                new dev.logship.core.internal.LogshipThreadFactory("spill", "fsync", true));
        executor.setKeepAliveTime(Math.max(1000, 2 * interval.toMillis()), TimeUnit.MILLISECONDS);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** Opens (creating when missing) the store in {@code settings.directory()} with the platform's file channels. */
    public static SpillStore open(SpillSettings settings, PipelineMetrics metrics, Diagnostics diagnostics)
            throws SpillException {
        return open(settings, metrics, diagnostics, FileChannel::open);
    }

    /**
     * Opens the store, locking its directory and recovering what an earlier run left.
     *
     * @throws SpillException when the directory cannot be made or used, or another process or appender has it
     */
    public static SpillStore open(SpillSettings settings, PipelineMetrics metrics, Diagnostics diagnostics,
                                  ChannelOpener opener) throws SpillException {
        DirectoryLock claim = DirectoryLock.acquire(settings.directory());
        SpillStore store = new SpillStore(settings, metrics, diagnostics, opener, claim);
        try {
            store.recover();
        } catch (IOException | RuntimeException e) {
            store.close(); // releases the claim too
            throw e instanceof SpillException ? (SpillException) e : new SpillException("cannot read the spill store in '"
                    + settings.directory() + "': " + e.getMessage(), e);
        }
        return store;
    }

    // ---------------------------------------------------------------- recovery

    private void recover() throws IOException {
        Path file = directory.resolve("cursor");
        DirectoryLock.createPrivate(file);
        cursorChannel = opener.open(file, WRITE);
        SpillRecovery.Found found = new SpillRecovery(directory, opener, diagnostics).run(cursorChannel);
        segments.addAll(found.segments());
        leftAlone.addAll(found.leftAlone());
        nextId = found.nextId();
        cursorOffset = found.cursorOffset();
        for (SpillSegment segment : segments) {
            totalBytes += segment.size;
            pendingEvents += segment.pending;
        }
        writeCursor();
        recovered = pendingEvents;
        if (recovered > 0) {
            diagnostics.info("logship: the spill store in " + directory + " holds " + recovered + " events from an "
                    + "earlier run in " + segments.size() + " segment(s); they are replayed once the sink takes them");
        }
    }

    // ---------------------------------------------------------------- append

    /**
     * Writes {@code items} of {@code batch} (all of it when null) as one record. The caller counts the
     * events: spilled when {@link Appended#STORED}, otherwise lost (spill full, or a disk error). Events
     * that {@code DROP_OLDEST} pushes out are counted here.
     */
    public Appended append(Batch batch, int[] items) {
        int events = items == null ? batch.events() : items.length;
        if (events == 0) {
            return Appended.STORED;
        }
        synchronized (this) {
            if (closed) {
                return Appended.FAILED;
            }
            boolean interrupted = Thread.interrupted(); // an interrupted thread's channel I/O would close the channel
            try {
                reviveChannels();
                return appendLocked(batch, items, events);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Reopens a channel that an interrupt closed under another caller (channel I/O on an interrupted
     * thread closes the channel): the files are intact, only the handle is gone.
     */
    private void reviveChannels() {
        if (closed) {
            return;
        }
        try {
            if (activeChannel != null && !activeChannel.isOpen()) {
                activeChannel = opener.open(active.path, WRITE);
                activeChannel.truncate(active.size); // past the last whole record: a write cut short
            }
            if (cursorChannel != null && !cursorChannel.isOpen()) {
                cursorChannel = opener.open(directory.resolve("cursor"), WRITE);
            }
            if (readChannel != null && !readChannel.isOpen()) {
                readChannel = null;
                readSegment = -1;
            }
        } catch (IOException | RuntimeException e) {
            failed("cannot reopen the spill store's files in " + directory, e);
            if (activeChannel != null && !activeChannel.isOpen()) {
                activeChannel = null;
                active = null;
            }
        }
    }

    private Appended appendLocked(Batch batch, int[] items, int events) {
        {
            int rawLength;
            try {
                rawLength = codec.pack(batch, items);
            } catch (RuntimeException e) {
                failed("cannot compress a batch for the spill store", e);
                return Appended.FAILED;
            }
            byte[] packed = codec.packed().array();
            int storedLength = codec.packed().size();
            long recordLength = SpillFormat.RECORD_HEADER + (long) storedLength;
            try {
                if (!makeRoom(recordLength)) {
                    return Appended.FULL;
                }
                if (active == null || (active.records > 0 && active.size + recordLength > segmentSize)) {
                    roll();
                }
                ByteBuffer header = SpillFormat.recordHeader(codec.codec(), events, storedLength, rawLength,
                        batch.oldestMillis(), batch.newestMillis(), SpillFormat.crc(packed, 0, storedLength));
                long at = active.size;
                try {
                    writeRecord(header, packed, storedLength, at);
                } catch (java.nio.channels.ClosedChannelException interrupted) {
                    // an interrupt closed the channel under this write (a stop racing it): the disk is fine, go again
                    Thread.interrupted();
                    reviveChannels();
                    if (activeChannel == null) {
                        throw interrupted;
                    }
                    writeRecord(header.rewind(), packed, storedLength, at);
                }
                active.size = at + recordLength;
                active.records++;
                active.events += events;
                active.pending += events;
                active.oldestMillis = Math.min(active.oldestMillis, batch.oldestMillis());
                active.newestMillis = Math.max(active.newestMillis, batch.newestMillis());
                totalBytes += recordLength;
                pendingEvents += events;
                scheduleSync();
                return Appended.STORED;
            } catch (IOException | RuntimeException e) {
                failed("cannot write " + events + " events to the spill store in " + directory, e);
                return Appended.FAILED;
            } finally {
                codec.shrink(4 << 20);
            }
        }
    }

    /** Writes a record at {@code at} of the active segment (forced per the policy), or cuts the segment back to {@code at}. */
    private void writeRecord(ByteBuffer header, byte[] packed, int storedLength, long at) throws IOException {
        try {
            write(header, at);
            write(ByteBuffer.wrap(packed, 0, storedLength), at + SpillFormat.RECORD_HEADER);
            dirty = true;
            if (settings.fsync() == FsyncPolicy.ALWAYS) {
                activeChannel.force(false);
                dirty = false;
            }
        } catch (java.nio.channels.ClosedChannelException closedUnderUs) {
            throw closedUnderUs; // reopening truncates back to the last whole record
        } catch (IOException | RuntimeException e) {
            undo(at);
            throw e;
        }
    }

    private void write(ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += activeChannel.write(buffer, at);
        }
    }

    /** After a failed write: cut the segment back to its last good record, or stop using it if even that fails. */
    private void undo(long goodSize) {
        try {
            activeChannel.truncate(goodSize);
        } catch (IOException | RuntimeException e) {
            closeQuietly(activeChannel); // recovery truncates what is past the last whole record on the next open
            activeChannel = null;
            active = null;
        }
    }

    /** Applies the size cap before a record of {@code length} bytes goes in; false when it must not. */
    private boolean makeRoom(long length) throws IOException {
        long cap = settings.maxSize();
        if (length + SpillFormat.SEGMENT_HEADER > cap) {
            return false;
        }
        long needed = length + (active == null || active.size + length > segmentSize ? SpillFormat.SEGMENT_HEADER : 0);
        while (totalBytes + needed > cap) {
            if (settings.dropPolicy() == SpillDropPolicy.DROP_NEWEST) {
                return false;
            }
            SpillSegment oldest = segments.peekFirst();
            if (oldest == null) {
                return false;
            }
            if (oldest == active) {
                if (active.records == 0) {
                    return false;
                }
                sealActive(); // the oldest is being written: close it so that it can go
                needed = length + SpillFormat.SEGMENT_HEADER;
            }
            evictOldest();
        }
        return true;
    }

    private void evictOldest() {
        SpillSegment oldest = segments.removeFirst();
        long lost = oldest.pending;
        if (outstanding != null && outstanding.segment == oldest.id && !outstanding.evicted) {
            outstanding.evicted = true; // counted when it is released undelivered
            lost -= outstanding.events();
        }
        if (lost > 0) {
            metrics.droppedStored(DropReason.SPILL_FULL, lost);
        }
        pendingEvents -= oldest.pending;
        totalBytes -= oldest.size;
        closeReader(oldest.id);
        cursorOffset = SpillFormat.SEGMENT_HEADER;
        writeCursorOf(segments.peekFirst());
        try {
            Files.deleteIfExists(oldest.path);
        } catch (IOException e) {
            failed("cannot delete the spill segment " + oldest.path + " pushed out at spill.maxSize", e);
        }
        reportCap(oldest, lost);
    }

    private long lastCapReportNanos;
    private long evictedSinceReport;

    private void reportCap(SpillSegment evicted, long lost) {
        evictedSinceReport += lost;
        long now = System.nanoTime();
        if (lastCapReportNanos == 0 || now - lastCapReportNanos >= TimeUnit.SECONDS.toNanos(30)) {
            diagnostics.warn("logship: the spill store in " + directory + " reached spill.maxSize ("
                    + dev.logship.core.config.Sizes.format(settings.maxSize()) + "); dropped the oldest " + evictedSinceReport
                    + " events (segment " + evicted.path.getFileName() + ") to keep the newest. Raise spill.maxSize or "
                    + "fix the sink", null);
            evictedSinceReport = 0;
            lastCapReportNanos = now;
        }
    }

    private void roll() throws IOException {
        sealActive();
        long id = nextId++;
        Path path = directory.resolve(SpillFormat.segmentName(id));
        DirectoryLock.createPrivate(path);
        FileChannel channel = opener.open(path, WRITE);
        try {
            ByteBuffer header = SpillFormat.segmentHeader(System.currentTimeMillis());
            while (header.hasRemaining()) {
                channel.write(header, SpillFormat.SEGMENT_HEADER - header.remaining());
            }
            if (settings.fsync() != FsyncPolicy.NEVER) {
                channel.force(true);
                forceDirectory();
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            Files.deleteIfExists(path);
            throw e;
        }
        SpillSegment segment = new SpillSegment(id, path, SpillFormat.SEGMENT_HEADER);
        boolean wasEmpty = segments.isEmpty();
        segments.add(segment);
        totalBytes += SpillFormat.SEGMENT_HEADER;
        active = segment;
        activeChannel = channel;
        if (wasEmpty) {
            cursorOffset = SpillFormat.SEGMENT_HEADER;
            writeCursorOf(segment);
        }
    }

    private void sealActive() {
        if (activeChannel != null) {
            try {
                if (dirty && settings.fsync() != FsyncPolicy.NEVER) {
                    activeChannel.force(false);
                }
            } catch (IOException e) {
                failed("cannot force spill segment " + active.path + " to disk", e);
            }
            closeQuietly(activeChannel);
        }
        dirty = false;
        activeChannel = null;
        active = null;
    }

    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | RuntimeException notSupported) {
            // some platforms cannot open a directory; the segment's own force still holds its data
        }
    }

    // ---------------------------------------------------------------- replay

    /**
     * The oldest record not yet acknowledged, or null when the store is empty (or only holds a record
     * being replayed). Damaged records on the way are skipped and counted.
     */
    public synchronized Record peek() throws IOException {
        if (closed || outstanding != null) {
            return null;
        }
        boolean interrupted = Thread.interrupted();
        try {
            reviveChannels();
            return peekLocked();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Record peekLocked() throws IOException {
        while (true) {
            SpillSegment head = segments.peekFirst();
            if (head == null) {
                return null;
            }
            if (cursorOffset >= head.size) {
                if (head == active) {
                    return null;
                }
                dropHead();
                continue;
            }
            FileChannel channel = reader(head);
            SegmentReader.Found found = SegmentReader.at(channel, cursorOffset, head.size);
            switch (found.kind()) {
                case RECORD:
                    byte[] stored = SegmentReader.payload(channel, found);
                    if (stored == null) {
                        corrupt(head, found.header().events(), "its payload does not match its CRC32C");
                        advance(head, found.next(), found.header().events());
                        continue;
                    }
                    outstanding = new Record(head.id, found.position(), found.next(), found.header(), stored);
                    return outstanding;
                case DAMAGED:
                    corrupt(head, 0, "its header does not check; skipped " + (found.next() - found.position())
                            + " bytes to the next record");
                    advance(head, found.next(), 0);
                    continue;
                default: // END, TORN (only a segment this run is writing can end mid-record), NEWER
                    if (head == active) {
                        return null;
                    }
                    dropHead();
            }
        }
    }

    /** The record was delivered (or rejected for good): it will not be replayed again. */
    public synchronized void ack(Record record) {
        if (record != outstanding || closed) {
            return;
        }
        outstanding = null;
        boolean interrupted = Thread.interrupted();
        try {
            reviveChannels();
            ackLocked(record);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void ackLocked(Record record) {
        SpillSegment head = segments.peekFirst();
        if (record.evicted || head == null || head.id != record.segment || cursorOffset != record.offset) {
            return;
        }
        advance(head, record.next, record.events());
    }

    /** The record could not be delivered now: it stays first in line (or, if the cap pushed it out, is counted lost). */
    public synchronized void release(Record record) {
        if (record != outstanding || closed) {
            return;
        }
        outstanding = null;
        if (record.evicted) {
            metrics.droppedStored(DropReason.SPILL_FULL, record.events());
        }
    }

    private void corrupt(SpillSegment segment, int events, String why) {
        metrics.corruptRecord();
        if (events > 0) {
            metrics.droppedStored(DropReason.SPILL_CORRUPT, events);
        }
        diagnostics.warn("logship: skipped a damaged record in spill segment " + segment.path + " at byte " + cursorOffset
                + (events > 0 ? " (" + events + " events lost)" : " (its event count is unreadable)") + ": " + why, null);
    }

    private void advance(SpillSegment head, long next, int events) {
        cursorOffset = next;
        head.pending -= events;
        pendingEvents -= events;
        if (cursorOffset >= head.size && head != active) {
            dropHead();
        } else if (cursorOffset >= head.size && head.records > 0) {
            sealActive(); // the backlog is drained: the next append starts a fresh segment
            dropHead();
        } else {
            writeCursorOf(head);
        }
    }

    /** Deletes the fully acknowledged head segment and moves the cursor to the next. */
    private void dropHead() {
        SpillSegment head = segments.removeFirst();
        pendingEvents -= head.pending;
        totalBytes -= head.size;
        closeReader(head.id);
        try {
            Files.deleteIfExists(head.path);
        } catch (IOException e) {
            failed("cannot delete the replayed spill segment " + head.path, e);
        }
        cursorOffset = SpillFormat.SEGMENT_HEADER;
        writeCursorOf(segments.peekFirst());
    }

    private FileChannel reader(SpillSegment head) throws IOException {
        if (readSegment != head.id || readChannel == null) {
            closeQuietly(readChannel);
            readChannel = opener.open(head.path, READ);
            readSegment = head.id;
        }
        return readChannel;
    }

    private void closeReader(long segment) {
        if (readSegment == segment) {
            closeQuietly(readChannel);
            readChannel = null;
            readSegment = -1;
        }
    }

    private void writeCursorOf(SpillSegment head) {
        if (head != null) {
            writeCursor(head.id, cursorOffset);
        }
    }

    private void writeCursor() {
        SpillSegment head = segments.peekFirst();
        writeCursor(head == null ? nextId : head.id, head == null ? SpillFormat.SEGMENT_HEADER : cursorOffset);
    }

    private void writeCursor(long segment, long offset) {
        try {
            ByteBuffer b = SpillFormat.cursor(segment, offset);
            while (b.hasRemaining()) {
                cursorChannel.write(b, SpillFormat.CURSOR_SIZE - b.remaining());
            }
            cursorDirty = true;
            if (settings.fsync() == FsyncPolicy.ALWAYS) {
                cursorChannel.force(false);
                cursorDirty = false;
            }
            scheduleSync();
        } catch (IOException | RuntimeException e) {
            // a stale cursor only replays some records again, which the sink's ids make harmless
            failed("cannot update the spill cursor in " + directory, e);
        }
    }

    // ---------------------------------------------------------------- sync, state, close

    /**
     * {@code fsync=INTERVAL}: once something is written and not forced, a force follows {@code spill.fsyncInterval}
     * later on the syncer's thread, whatever the appenders and the replayer do meanwhile (a replayer may sit in
     * its backoff, or wait for a request, for far longer). So nothing stays unforced longer than the interval.
     */
    private void scheduleSync() {
        if (syncer == null || syncScheduled || closed || !(dirty || cursorDirty)) {
            return;
        }
        try {
            syncer.schedule(this::syncDue, settings.fsyncInterval().toNanos(), TimeUnit.NANOSECONDS);
            syncScheduled = true;
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // closed meanwhile: close() forces everything
        }
    }

    private synchronized void syncDue() {
        syncScheduled = false;
        if (closed) {
            return;
        }
        boolean interrupted = Thread.interrupted(); // an interrupted thread's force would close the channel
        try {
            reviveChannels();
            force();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void force() {
        try {
            if (dirty && activeChannel != null) {
                activeChannel.force(false);
            }
            dirty = false;
            if (cursorDirty) {
                cursorChannel.force(false);
                cursorDirty = false;
            }
        } catch (IOException | RuntimeException e) {
            failed("cannot force the spill store in " + directory + " to disk", e);
        }
    }

    private void failed(String what, Throwable cause) {
        failures++;
        metrics.spillError();
        long now = System.nanoTime();
        if (failures == 1 || now - lastFailureReportNanos >= TimeUnit.SECONDS.toNanos(30)) {
            diagnostics.warn("logship: " + what + " (" + cause + "); the events concerned are counted as dropped "
                    + "(spill failed) and the application keeps running. " + failures + " spill error(s) so far", cause);
            lastFailureReportNanos = now;
        }
    }

    /** Events stored and not yet acknowledged. */
    public synchronized long pendingEvents() {
        return pendingEvents;
    }

    /** Bytes of all segment files. */
    public synchronized long sizeBytes() {
        return totalBytes;
    }

    /** Events an earlier run left, found on open. */
    public long recoveredEvents() {
        return recovered;
    }

    /** SpillSegment files left in place because this version cannot read them. */
    public List<Path> leftAlone() {
        return List.copyOf(leftAlone);
    }

    public Path directory() {
        return directory;
    }

    public SpillSettings settings() {
        return settings;
    }

    /** Forces everything to disk (whatever the fsync policy) and releases the directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        reviveChannels();
        closed = true;
        try {
            if (activeChannel != null && dirty) {
                activeChannel.force(false);
            }
            if (cursorChannel != null) {
                cursorChannel.force(false);
            }
        } catch (IOException | RuntimeException e) {
            failed("cannot force the spill store in " + directory + " to disk on close", e);
        }
        closeQuietly(activeChannel);
        closeQuietly(readChannel);
        closeQuietly(cursorChannel);
        if (syncer != null) {
            syncer.shutdownNow(); // a force it still had to do was done above
        }
        codec.close();
        claim.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException | RuntimeException ignored) {
                // nothing more to do
            }
        }
    }
}
