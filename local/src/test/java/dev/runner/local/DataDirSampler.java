package dev.runner.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Watches, from the host's /proc, which processes use one data directory, every {@code every}: postmasters (a
 * postgres whose parent is no postgres; the postmaster chdir()s into its data directory, so /proc/PID/cwd is it)
 * and pgBackRest restores (a top-level {@code pgbackrest … restore}; its PGBACKREST_PG1_PATH or --pg1-path,
 * resolved in the process's own root, /proc/PID/root). A directory is compared by device and inode, so a bind
 * mount inside a container is the same directory as on the host. Recorded as an overlap: a sample that finds two
 * such processes on the directory, and a postmaster that runs without its lock file {@code postmaster.pid} in two
 * samples in a row: only another server (which overwrites the file, and removes it when it exits) or a restore
 * that took the file for stale takes a live server's lock away, and such a second process may live for a few
 * milliseconds only (in the local cluster pods share the host's network, so a second server on the same port fails
 * to bind and exits at once), too short for a sample to see, while the first server runs on without its lock for
 * up to a minute (PostgreSQL rechecks the file once a minute and then shuts down).
 */
public final class DataDirSampler implements AutoCloseable {
    private final Object dir;
    private final Path pidFile;
    private int lockless;
    private final Duration every;
    private final Thread thread;
    private final List<String> overlaps = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stopped;
    private volatile int samples;
    private volatile int samplesWithHolder;
    private volatile int samplesWithRestore;

    private DataDirSampler(Path dir, Duration every) throws IOException {
        this.dir = key(dir);
        this.pidFile = dir.resolve("postmaster.pid");
        this.every = every;
        this.thread = new Thread(this::loop, "data-dir-sampler");
        thread.setDaemon(true);
    }

    /** Starts sampling {@code dir} (a host path; it must exist). */
    public static DataDirSampler start(Path dir, Duration every) throws IOException {
        DataDirSampler s = new DataDirSampler(dir, every);
        s.thread.start();
        return s;
    }

    /** The samples that saw two or more processes on the directory, each as "time: holder; holder". */
    public List<String> overlaps() {
        synchronized (overlaps) {
            return List.copyOf(overlaps);
        }
    }

    public int samples() {
        return samples;
    }

    /** Samples that saw at least one process on the directory (proof that the sampler sees them at all). */
    public int samplesWithHolder() {
        return samplesWithHolder;
    }

    /** Samples that saw a pgBackRest restore into the directory. */
    public int samplesWithRestore() {
        return samplesWithRestore;
    }

    /** The processes on the directory now, each as "postmaster 123: postgres -c …" / "restore 456: pgbackrest …". */
    public List<String> holders() {
        List<String> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(x -> x.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                String holder = holder(p);
                if (holder != null) {
                    out.add(holder);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return out;
    }

    private String holder(Path proc) {
        try {
            String comm = comm(proc);
            if (comm == null) {
                return null;
            }
            String parent = comm(Path.of("/proc", String.valueOf(ppid(proc))));
            if (comm.equals("postgres") && !"postgres".equals(parent)) {
                return dir.equals(key(proc.resolve("cwd"))) ? "postmaster " + proc.getFileName() + ": "
                        + cmdline(proc) : null;
            }
            if (comm.equals("pgbackrest") && !"pgbackrest".equals(parent)) {
                List<String> args = List.of(cmdline(proc).split(" "));
                if (!args.contains("restore")) {
                    return null;
                }
                String pg1 = args.stream().filter(a -> a.startsWith("--pg1-path=")).map(a -> a.substring(11))
                        .findFirst().orElseGet(() -> environ(proc, "PGBACKREST_PG1_PATH"));
                return pg1 != null && dir.equals(key(Path.of(proc.resolve("root").toString() + pg1)))
                        ? "restore " + proc.getFileName() + ": " + String.join(" ", args) : null;
            }
        } catch (IOException | RuntimeException e) {
            return null;   // the process is gone, or not ours to read
        }
        return null;
    }

    private void loop() {
        while (!stopped) {
            List<String> now = holders();
            samples++;
            if (!now.isEmpty()) {
                samplesWithHolder++;
            }
            if (now.stream().anyMatch(h -> h.startsWith("restore "))) {
                samplesWithRestore++;
            }
            if (now.size() > 1) {
                overlap("two processes on the data directory: " + String.join("; ", now));
            }
            boolean postmaster = now.stream().anyMatch(h -> h.startsWith("postmaster "));
            lockless = postmaster && !Files.exists(pidFile) ? lockless + 1 : 0;
            if (lockless == 2) {
                overlap("a postmaster runs without its lock file " + pidFile.getFileName() + " (another server or a"
                        + " restore took it): " + String.join("; ", now));
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void overlap(String what) {
        String line = Instant.now() + ": " + what;
        overlaps.add(line);
        System.out.println("data-dir-sampler: " + line);
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Object key(Path p) throws IOException {
        return Objects.requireNonNull(Files.readAttributes(p, BasicFileAttributes.class).fileKey(), "no file key: " + p);
    }

    private static String comm(Path proc) {
        try {
            return Files.readString(proc.resolve("comm")).trim();
        } catch (IOException e) {
            return null;
        }
    }

    /** The 4th field of /proc/PID/stat, after the parenthesised comm (which may hold spaces). */
    private static long ppid(Path proc) throws IOException {
        String stat = Files.readString(proc.resolve("stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
    }

    private static String cmdline(Path proc) throws IOException {
        return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').trim();
    }

    private static String environ(Path proc, String name) {
        try {
            for (String kv : new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.UTF_8)
                    .split("\0")) {
                if (kv.startsWith(name + "=")) {
                    return kv.substring(name.length() + 1);
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
