package dev.logship.core.deliver;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.logship.core.diag.Diagnostics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * Where events the sink rejected for good are kept, so that nobody has to guess what was lost: one JSON
 * line per event, {@code {"@timestamp":"<when rejected>","error":"<the sink's reason>","record":"<the
 * record as sent>"}}, appended to a file readable by the process's user only. Bounded: past
 * {@code maxBytes} further rejections are only counted (they are counted either way). Thread-safe.
 */
public final class DeadLetterFile implements AutoCloseable {
    private final Path file;
    private final long maxBytes;
    private final Diagnostics diagnostics;
    private final JsonFactory json = new JsonFactory();
    private OutputStream out;
    private long size;
    private boolean full;
    private boolean failed;

    public DeadLetterFile(Path file, long maxBytes, Diagnostics diagnostics) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.diagnostics = diagnostics;
    }

    /** Appends one rejected record (the bytes the sink was sent for it) with the sink's reason. */
    public synchronized void write(byte[] record, int offset, int length, String error) {
        if (full || failed) {
            return;
        }
        try {
            if (out == null) {
                open();
            }
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(length + 256);
            try (JsonGenerator g = json.createGenerator(line)) {
                g.writeStartObject();
                g.writeStringField("@timestamp", Instant.now().toString());
                g.writeStringField("error", error == null ? "unknown" : error);
                g.writeStringField("record", new String(record, offset, length, StandardCharsets.UTF_8).stripTrailing());
                g.writeEndObject();
            }
            line.write('\n');
            if (size + line.size() > maxBytes) {
                full = true;
                diagnostics.warn("logship: the dead-letter file " + file + " reached its limit of " + maxBytes
                        + " bytes; further rejected events are only counted", null);
                return;
            }
            line.writeTo(out);
            out.flush();
            size += line.size();
        } catch (IOException e) {
            failed = true;
            diagnostics.warn("logship: cannot write the dead-letter file " + file + " (" + e.getMessage()
                    + "); rejected events are only counted from now on", e);
        }
    }

    private void open() throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException exists) {
            // appended to
        } catch (UnsupportedOperationException notPosix) {
            Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
        }
        size = Files.size(file);
        out = Files.newOutputStream(file, StandardOpenOption.APPEND);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing more to write
            }
            out = null;
        }
    }
}
