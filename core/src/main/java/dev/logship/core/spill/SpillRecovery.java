package dev.logship.core.spill;

import dev.logship.core.diag.Diagnostics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What an earlier run left in a spill directory, read when a {@link SpillStore} opens it: segments the cursor has
 * passed are deleted, a segment whose header was cut short is removed, a torn tail is truncated, damaged records are
 * skipped (counted when the replayer reaches them), and a segment of another format is left in place with a message.
 */
final class SpillRecovery {
    /** The segments to replay, oldest first; where the cursor stands in the first; the next segment id to use. */
    record Found(List<SpillSegment> segments, List<Path> leftAlone, long nextId, long cursorOffset) {
    }

    private final Path directory;
    private final SpillStore.ChannelOpener opener;
    private final Diagnostics diagnostics;
    private final List<Path> leftAlone = new ArrayList<>();

    SpillRecovery(Path directory, SpillStore.ChannelOpener opener, Diagnostics diagnostics) {
        this.directory = directory;
        this.opener = opener;
        this.diagnostics = diagnostics;
    }

    Found run(FileChannel cursorChannel) throws IOException {
        List<Long> ids = new ArrayList<>();
        try (var files = Files.newDirectoryStream(directory, "*" + SpillFormat.SEGMENT_SUFFIX)) {
            for (Path file : files) {
                long id = SpillFormat.segmentId(file.getFileName().toString());
                if (id >= 0) {
                    ids.add(id);
                }
            }
        }
        ids.sort(Long::compare);
        long[] cursor = readCursor(cursorChannel);
        long nextId = cursor != null ? cursor[0] + 1 : 1; // never reuse an id the cursor has passed
        List<SpillSegment> segments = new ArrayList<>();
        for (long id : ids) {
            nextId = Math.max(nextId, id + 1);
            Path path = directory.resolve(SpillFormat.segmentName(id));
            if (cursor != null && id < cursor[0]) {
                deleteAcknowledged(path); // the run before was stopped before it deleted the file
                continue;
            }
            SpillSegment segment = scan(id, path, cursor != null && id == cursor[0] ? cursor[1] : 0);
            if (segment != null) {
                segments.add(segment);
            }
        }
        SpillSegment head = segments.isEmpty() ? null : segments.get(0);
        long cursorOffset = head == null ? 0
                : cursor != null && cursor[0] == head.id ? Math.max(SpillFormat.SEGMENT_HEADER, Math.min(cursor[1], head.size))
                : SpillFormat.SEGMENT_HEADER;
        return new Found(segments, List.copyOf(leftAlone), nextId, cursorOffset);
    }

    private long[] readCursor(FileChannel cursorChannel) throws IOException {
        if (cursorChannel.size() == 0) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(cursorChannel.size(), 64));
        SegmentReader.readFully(cursorChannel, b, 0);
        long[] cursor = SpillFormat.readCursor(b.array());
        if (cursor == null) {
            diagnostics.warn("logship: the spill cursor in " + directory + " is damaged; everything stored is "
                    + "replayed (the sink's ids keep that from indexing an event twice)", null);
        }
        return cursor;
    }

    /** Deletes a segment the cursor has passed, unless it is not one this version wrote (left in place). */
    private void deleteAcknowledged(Path path) throws IOException {
        int version;
        try (FileChannel channel = opener.open(path, SpillStore.READ)) {
            version = channel.size() < SpillFormat.SEGMENT_HEADER ? SpillFormat.VERSION
                    : SegmentReader.segmentVersion(channel);
        }
        if (version == SpillFormat.VERSION) {
            Files.deleteIfExists(path);
        } else {
            leaveAlone(path, version);
        }
    }

    /** Checks a segment left by an earlier run; null when there is nothing in it to replay. */
    private SpillSegment scan(long id, Path path, long countFrom) throws IOException {
        long size = Files.size(path);
        if (size < SpillFormat.SEGMENT_HEADER) {
            Files.delete(path);
            if (size > 0) {
                diagnostics.info("logship: removed spill segment " + path + " whose header was cut short (" + size
                        + " bytes, no records)");
            }
            return null;
        }
        try (FileChannel channel = opener.open(path, SpillStore.WRITE)) {
            int version = SegmentReader.segmentVersion(channel);
            if (version != SpillFormat.VERSION) {
                leaveAlone(path, version);
                return null;
            }
            SpillSegment segment = new SpillSegment(id, path, size);
            long position = SpillFormat.SEGMENT_HEADER;
            while (true) {
                SegmentReader.Found found = SegmentReader.at(channel, position, size);
                switch (found.kind()) {
                    case END:
                        return segment;
                    case TORN:
                        channel.truncate(position);
                        channel.force(true);
                        segment.size = position;
                        diagnostics.info("logship: truncated a torn tail of " + (size - position) + " bytes in spill "
                                + "segment " + path + " (a write cut short when the process stopped)");
                        return segment;
                    case NEWER:
                        leaveAlone(path, found.header().version());
                        return null;
                    case DAMAGED:
                        position = found.next(); // counted when the replayer reaches it
                        break;
                    default:
                        SpillFormat.Header header = found.header();
                        segment.records++;
                        segment.events += header.events();
                        if (position >= countFrom) {
                            segment.pending += header.events();
                        }
                        segment.oldestMillis = Math.min(segment.oldestMillis, header.oldestMillis());
                        segment.newestMillis = Math.max(segment.newestMillis, header.newestMillis());
                        position = found.next();
                }
            }
        }
    }

    private void leaveAlone(Path path, int version) {
        leftAlone.add(path);
        diagnostics.warn("logship: spill segment " + path + (version < 0 ? " is not a logship spill segment"
                : " was written in spill format version " + version + ", which this logship (format "
                + SpillFormat.VERSION + ") cannot read") + "; it is left in place and not replayed: replay it with "
                + "the logship version that wrote it (java -jar logship-core.jar spool replay), or move it away", null);
    }
}
