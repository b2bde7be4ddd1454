package dev.runner.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A lock file naming its holder (pid, host, since, run id). Who holds it is decided by an OS lock on the
 * file ({@link FileChannel#tryLock}), not by the file's existence: the kernel drops that lock when the
 * holder dies in any way (kill -9 included), so there is no window where two processes both "win" a
 * stale-lock takeover and no trust in a pid that may have been reused. The content is for people: a
 * non-empty file whose OS lock is free was left by a dead holder and is taken over with a warning. The file
 * is emptied, never deleted, on release (deleting would let a waiter lock an unlinked inode).
 * A holder on another host cannot be checked from here, so such a lock is refused with a hint.
 */
public final class RunLock implements TargetLock {
    /** Locks this JVM holds: asking about them must not open the file (see {@link #acquire}). */
    private static final java.util.Map<Path, Holder> HELD = new java.util.concurrent.ConcurrentHashMap<>();
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Holder previous;

    public record Holder(long pid, String host, String since, String runId) {
        @Override
        public String toString() {
            return "run " + runId + " (pid " + pid + " on " + host + ", since " + since + ")";
        }
    }

    private RunLock(Path file, FileChannel channel, FileLock lock, Holder previous) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.previous = previous;
    }

    public static RunLock acquire(Path file, String runId, Consumer<String> warn) throws IOException, LockedException {
        Files.createDirectories(file.getParent());
        Holder mine = HELD.get(key(file));
        if (mine != null) {
            throw new LockedException(file, mine);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock fl;
        try {
            fl = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            fl = null; // held by this very JVM (tests run two executors in one process)
        }
        if (fl == null) {
            Holder h = readHolder(file);
            ch.close();
            throw new LockedException(file, h);
        }
        // read through the locked channel: opening and closing another descriptor of this file would drop
        // the POSIX lock this process just took (fcntl locks die with any close of the file by the process)
        Holder previous = parse(readAll(ch));
        String host = Host.name();
        if (previous != null) {
            if (!previous.host().equals(host)) {
                fl.release();
                ch.close();
                throw new LockedException(file, previous);
            }
            warn.accept("taking over the stale lock " + file + " of " + previous + ": that process is gone");
        }
        Holder me = new Holder(ProcessHandle.current().pid(), host, Instant.now().toString(), runId);
        byte[] text = Json.MAPPER.writeValueAsBytes(me);
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(text), 0);
        ch.force(true);
        HELD.put(key(file), me);
        return new RunLock(file, ch, fl, previous);
    }

    /** The holder named in a lock file, or null when it is free (empty or missing). */
    public static Holder readHolder(Path file) {
        Holder mine = HELD.get(key(file));
        if (mine != null) {
            return mine;
        }
        try {
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] readAll(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), 64 * 1024));
        while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
            // keep reading
        }
        return java.util.Arrays.copyOf(buf.array(), buf.position());
    }

    private static Holder parse(byte[] b) {
        try {
            String s = new String(b, StandardCharsets.UTF_8).trim();
            return s.isEmpty() ? null : Json.MAPPER.readValue(s, Holder.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** True when some live process holds the OS lock of this file. */
    public static boolean isHeld(Path file) {
        if (HELD.containsKey(key(file))) {
            return true;
        }
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock fl = ch.tryLock();
            if (fl == null) {
                return true;
            }
            fl.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }

    /** The dead holder this lock was taken over from, if it was. */
    @Override
    public java.util.Optional<Holder> takenOverFrom() {
        return java.util.Optional.ofNullable(previous);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            channel.truncate(0);
            channel.force(true);
            lock.release();
        } finally {
            HELD.remove(key(file));
            channel.close();
        }
    }
}
