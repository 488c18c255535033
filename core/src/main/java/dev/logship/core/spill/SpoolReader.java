package dev.logship.core.spill;

import dev.logship.core.batch.Batch;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a spool directory without taking it over (no lock, no changes), for the {@code spool} tool:
 * what each segment holds, and every record checked and decoded. Safe while an application writes
 * the directory: a record being written shows as a torn tail.
 */
public final class SpoolReader {
    private final Path directory;

    public SpoolReader(Path directory) {
        this.directory = directory;
    }

    /** One segment: its records and events, the part already acknowledged, and the event time span. */
    public record SegmentInfo(Path path, long id, int version, long bytes, long records, long events,
                              long pendingEvents, long oldestMillis, long newestMillis, long damagedRecords,
                              long tornBytes) {
    }

    /** What {@link #read} hands over for each record. */
    public interface Visitor {
        /** A record that checks; {@code batch} holds its events (valid during the call). */
        void record(SegmentInfo segment, long offset, boolean pending, Batch batch) throws IOException;

        /** Damage at {@code offset}: a record that does not check, cannot be decoded, or a torn tail. */
        void damage(SegmentInfo segment, long offset, String what);
    }

    /** The {@code <id>.seg} files, oldest first. */
    public List<Path> segmentFiles() throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException(directory + " is not a directory");
        }
        List<Path> files = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(directory, "*" + SpillFormat.SEGMENT_SUFFIX)) {
            for (Path file : stream) {
                if (SpillFormat.segmentId(file.getFileName().toString()) >= 0) {
                    files.add(file);
                }
            }
        }
        files.sort(null);
        return files;
    }

    /** The acknowledged position {segment id, offset}, or null when there is no valid cursor. */
    public long[] cursor() throws IOException {
        Path file = directory.resolve("cursor");
        return Files.exists(file) ? SpillFormat.readCursor(Files.readAllBytes(file)) : null;
    }

    /** Scans every segment's record headers (payloads are not read). */
    public List<SegmentInfo> segments() throws IOException {
        List<SegmentInfo> result = new ArrayList<>();
        long[] cursor = cursor();
        for (Path file : segmentFiles()) {
            result.add(scan(file, cursor, null));
        }
        return result;
    }

    /** Reads every record of every segment, checking each payload's CRC and decoding it. */
    public void read(Visitor visitor) throws IOException {
        long[] cursor = cursor();
        for (Path file : segmentFiles()) {
            scan(file, cursor, visitor);
        }
    }

    private SegmentInfo scan(Path file, long[] cursor, Visitor visitor) throws IOException {
        long id = SpillFormat.segmentId(file.getFileName().toString());
        long pendingFrom = cursor == null || id > cursor[0] ? 0 : id == cursor[0] ? cursor[1] : Long.MAX_VALUE;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < SpillFormat.SEGMENT_HEADER) {
                return new SegmentInfo(file, id, 0, size, 0, 0, 0, 0, 0, 0, size);
            }
            int version = SegmentReader.segmentVersion(channel);
            if (version != SpillFormat.VERSION) {
                return new SegmentInfo(file, id, version, size, 0, 0, 0, 0, 0, 0, 0);
            }
            long records = 0;
            long events = 0;
            long pending = 0;
            long oldest = Long.MAX_VALUE;
            long newest = Long.MIN_VALUE;
            long damaged = 0;
            long torn = 0;
            List<long[]> damage = new ArrayList<>();
            List<SegmentReader.Found> found = new ArrayList<>();
            long position = SpillFormat.SEGMENT_HEADER;
            scanning:
            while (true) {
                SegmentReader.Found at = SegmentReader.at(channel, position, size);
                switch (at.kind()) {
                    case END:
                        break scanning;
                    case TORN:
                        torn = size - position;
                        break scanning;
                    case NEWER:
                        return new SegmentInfo(file, id, at.header().version(), size, records, events, pending, oldest,
                                newest, damaged, 0);
                    case DAMAGED:
                        damaged++;
                        damage.add(new long[] {position, at.next()});
                        position = at.next();
                        break;
                    default:
                        SpillFormat.Header header = at.header();
                        records++;
                        events += header.events();
                        if (position >= pendingFrom) {
                            pending += header.events();
                        }
                        oldest = Math.min(oldest, header.oldestMillis());
                        newest = Math.max(newest, header.newestMillis());
                        found.add(at);
                        position = at.next();
                }
            }
            SegmentInfo info = new SegmentInfo(file, id, version, size, records, events, pending,
                    records == 0 ? 0 : oldest, records == 0 ? 0 : newest, damaged, torn);
            if (visitor != null) {
                visit(channel, info, found, damage, pendingFrom, visitor);
            }
            return info;
        }
    }

    private static void visit(FileChannel channel, SegmentInfo info, List<SegmentReader.Found> records,
                              List<long[]> damage, long pendingFrom, Visitor visitor) throws IOException {
        for (long[] range : damage) {
            visitor.damage(info, range[0], "a record header does not check; " + (range[1] - range[0])
                    + " bytes up to the next record are unreadable");
        }
        Batch batch = new Batch(64 * 1024);
        for (SegmentReader.Found record : records) {
            byte[] stored = SegmentReader.payload(channel, record);
            if (stored == null) {
                visitor.damage(info, record.position(), "the payload of " + record.header().events()
                        + " events does not match its CRC32C");
                continue;
            }
            try {
                SpillCodec.unpackInto(SpillCodec.unpack(record.header().codec(), stored, record.header().rawLength()),
                        record.header().events(), batch);
            } catch (IOException | RuntimeException e) {
                visitor.damage(info, record.position(), "the payload cannot be decoded: " + e.getMessage());
                continue;
            }
            batch.timeSpan(record.header().oldestMillis(), record.header().newestMillis());
            visitor.record(info, record.position(), record.position() >= pendingFrom, batch);
        }
        if (info.tornBytes() > 0) {
            visitor.damage(info, info.bytes() - info.tornBytes(), "a torn tail of " + info.tornBytes()
                    + " bytes (a write cut short, or one in progress); recovery truncates it");
        }
    }

    /** The record's document: its last line (an Elasticsearch bulk record is an action line, then the document). */
    public static String document(Batch batch, int index) {
        byte[] data = batch.data().array();
        int start = batch.recordStart(index);
        int end = batch.recordEnd(index);
        while (end > start && (data[end - 1] == '\n' || data[end - 1] == '\r' || data[end - 1] == 0)) {
            end--;
        }
        int lineStart = end;
        while (lineStart > start && data[lineStart - 1] != '\n') {
            lineStart--;
        }
        return new String(data, lineStart, end - lineStart, java.nio.charset.StandardCharsets.UTF_8);
    }
}
