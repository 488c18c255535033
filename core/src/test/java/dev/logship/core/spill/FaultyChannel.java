package dev.logship.core.spill;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file channel that fails on command, in the style of tape's {@code BrokenRandomAccessFile}: the
 * shared {@link Faults} says which write or force (counted across every channel it opened) throws.
 * A failing write may first write part of its buffer, as a full disk does.
 */
final class FaultyChannel extends FileChannel {

    /** Which operations fail; counts every write and force through channels it opened. */
    static final class Faults implements SpillStore.ChannelOpener {
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger forces = new AtomicInteger();
        /** Forces of segment files (not the cursor's). */
        final AtomicInteger segmentForces = new AtomicInteger();
        volatile int failWrite = -1;
        volatile int failForce = -1;
        volatile boolean failAllWrites;
        volatile boolean partial = true;

        @Override
        public FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
            return new FaultyChannel(FileChannel.open(path, options), this,
                    path.getFileName().toString().endsWith(SpillFormat.SEGMENT_SUFFIX));
        }
    }

    private final FileChannel delegate;
    private final Faults faults;
    private final boolean segment;

    private FaultyChannel(FileChannel delegate, Faults faults, boolean segment) {
        this.delegate = delegate;
        this.faults = faults;
        this.segment = segment;
    }

    private void beforeWrite(ByteBuffer src, long position) throws IOException {
        int n = faults.writes.incrementAndGet();
        if (faults.failAllWrites || n == faults.failWrite) {
            if (faults.partial && src.remaining() > 1 && position >= 0) {
                ByteBuffer half = src.duplicate();
                half.limit(half.position() + half.remaining() / 2);
                delegate.write(half, position);
            }
            throw new IOException("No space left on device (injected, write #" + n + ")");
        }
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        beforeWrite(src, position);
        return delegate.write(src, position);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        beforeWrite(src, -1);
        return delegate.write(src);
    }

    @Override
    public void force(boolean metaData) throws IOException {
        int n = faults.forces.incrementAndGet();
        if (n == faults.failForce) {
            throw new IOException("Input/output error (injected, fsync #" + n + ")");
        }
        delegate.force(metaData);
        if (segment) {
            faults.segmentForces.incrementAndGet();
        }
    }

    @Override public int read(ByteBuffer dst) throws IOException { return delegate.read(dst); }
    @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return delegate.read(dsts, offset, length); }
    @Override public long write(ByteBuffer[] srcs, int offset, int length) throws IOException { throw new IOException("not used"); }
    @Override public long position() throws IOException { return delegate.position(); }
    @Override public FileChannel position(long newPosition) throws IOException { delegate.position(newPosition); return this; }
    @Override public long size() throws IOException { return delegate.size(); }
    @Override public FileChannel truncate(long size) throws IOException { delegate.truncate(size); return this; }
    @Override public long transferTo(long position, long count, WritableByteChannel target) throws IOException { return delegate.transferTo(position, count, target); }
    @Override public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException { return delegate.transferFrom(src, position, count); }
    @Override public int read(ByteBuffer dst, long position) throws IOException { return delegate.read(dst, position); }
    @Override public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException { return delegate.map(mode, position, size); }
    @Override public FileLock lock(long position, long size, boolean shared) throws IOException { return delegate.lock(position, size, shared); }
    @Override public FileLock tryLock(long position, long size, boolean shared) throws IOException { return delegate.tryLock(position, size, shared); }
    @Override protected void implCloseChannel() throws IOException { delegate.close(); }
}
