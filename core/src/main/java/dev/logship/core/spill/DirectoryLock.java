package dev.logship.core.spill;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A spill directory claimed by one store: created owner-only when missing, claimed in this JVM, and
 * locked against other processes by an OS lock on its {@code lock} file (which names the holder's pid).
 */
final class DirectoryLock implements AutoCloseable {
    /**
     * Directories claimed in this JVM. Checked before the lock file is touched: on Linux, closing any
     * descriptor of a locked file drops the process's lock, so a second appender must never open and close
     * the lock file of a directory the first one holds.
     */
    private static final Set<Path> IN_USE = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /** Claims {@code directory} (creating it), or says clearly who has it. */
    static DirectoryLock acquire(Path directory) throws SpillException {
        createDirectory(directory);
        Path key = inUseKey(directory);
        if (!IN_USE.add(key)) {
            throw new SpillException("spill.directory '" + directory + "' is already used by another logship "
                    + "appender in this JVM; give each appender its own spill directory");
        }
        FileChannel channel = null;
        try {
            Path lockFile = directory.resolve("lock");
            createPrivate(lockFile);
            channel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameJvm) { // another class loader's logship in this JVM
                throw new SpillException("spill.directory '" + directory + "' is already used by another logship "
                        + "appender in this JVM; give each appender its own spill directory");
            }
            if (lock == null) {
                throw new SpillException("spill.directory '" + directory + "' is in use by another process"
                        + holder(channel) + "; two processes must not share a spill directory: give each its own, "
                        + "e.g. /var/spool/<service>-<instance>");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new DirectoryLock(key, channel, lock);
        } catch (SpillException e) {
            release(key, channel);
            throw e;
        } catch (IOException e) {
            release(key, channel);
            throw new SpillException("cannot use spill.directory '" + directory + "' (" + e + "); make it a directory "
                    + "this process may write, or point spill.directory elsewhere", e);
        }
    }

    private static void release(Path key, FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing held
            }
        }
        IN_USE.remove(key);
    }

    /** Releases the OS lock and the JVM claim. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException | RuntimeException ignored) {
            // closing the channel releases it too
        }
        release(key, channel);
    }

    private static Path inUseKey(Path directory) {
        try {
            return directory.toRealPath();
        } catch (IOException e) {
            return directory.toAbsolutePath().normalize();
        }
    }

    private static String holder(FileChannel lockChannel) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            lockChannel.read(b, 0);
            String pid = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
            return pid.matches("\\d+") ? " (pid " + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void createDirectory(Path directory) throws SpillException {
        try {
            if (!Files.isDirectory(directory)) {
                Path parent = directory.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try {
                    Files.createDirectory(directory,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createDirectory(directory);
                } catch (FileAlreadyExistsException raced) {
                    if (!Files.isDirectory(directory)) {
                        throw raced;
                    }
                }
            }
        } catch (IOException e) {
            throw new SpillException("cannot create spill.directory '" + directory + "' (" + e + "); create it for the "
                    + "application's user or point spill.directory at a writable place", e);
        }
        if (!Files.isWritable(directory)) {
            throw new SpillException("spill.directory '" + directory + "' is not writable by this process; give the "
                    + "application's user write access or point spill.directory elsewhere");
        }
    }

    /** Creates {@code file} readable by the owner only, unless it exists. */
    static void createPrivate(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException exists) {
            // reused
        } catch (UnsupportedOperationException notPosix) {
            try {
                Files.createFile(file);
            } catch (FileAlreadyExistsException exists) {
                // reused
            }
        }
    }
}
