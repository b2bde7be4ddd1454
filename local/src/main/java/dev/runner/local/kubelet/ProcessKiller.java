package dev.runner.local.kubelet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Ends pod processes without leaving orphans. Each pod process is a process-group leader (setsid), so the group is
 * signalled first; anything that escaped the group (a daemonising child such as pgBackRest's async archiver) still
 * carries the pod's marker variable in its environment and is found through /proc.
 */
final class ProcessKiller {
    /** Environment variable every pod process carries: {@code <cluster-id>/<pod-uid>}. */
    static final String MARKER = "RUNNER_LOCAL_SANDBOX";
    private static final Duration REAP_WAIT = Duration.ofSeconds(5);

    private ProcessKiller() {}

    /** Sends {@code signal} to the group, waits up to {@code grace}, then SIGKILLs the group and marked strays. */
    static void stop(Process leader, String signal, Duration grace, String marker) {
        long pid = leader.pid();
        List<ProcessHandle> tree = new ArrayList<>(leader.descendants().toList());
        signalGroup(pid, signal);
        try {
            leader.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        signalGroup(pid, "KILL");
        leader.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        tree.add(leader.toHandle());
        awaitGone(tree);
        if (marker != null) {
            killMarked(marker);
        }
    }

    /** Waits (bounded) until killed processes are reaped: until then they still show as alive. */
    private static void awaitGone(List<ProcessHandle> killed) {
        long deadline = System.nanoTime() + REAP_WAIT.toNanos();
        for (ProcessHandle p : killed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return; // a zombie its parent has not reaped yet: no signal can do more
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static void signalGroup(long pgid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, "--", "-" + pgid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // kill(1) missing: the forcible destroy of the leader and descendants still runs
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGKILLs every process whose environment holds {@code MARKER=<value starting with prefix>} and waits (bounded)
     * until they are gone, so that callers can promise nothing is left running when they return.
     */
    static int killMarked(String prefix) {
        List<ProcessHandle> found = findMarked(prefix).stream().map(ProcessHandle::of)
                .flatMap(java.util.Optional::stream).toList();
        found.forEach(ProcessHandle::destroyForcibly);
        awaitGone(found);
        return found.size();
    }

    /** Live processes carrying the marker (zombies excluded). */
    static List<Long> findMarked(String prefix) {
        byte[] needle = (MARKER + "=" + prefix).getBytes(StandardCharsets.UTF_8);
        List<Long> out = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                long pid = Long.parseLong(p.getFileName().toString());
                if (pid != self && hasMarker(p, needle) && !isZombie(p)) {
                    out.add(pid);
                }
            });
        } catch (IOException e) {
            // no /proc: only the group kill applies
        }
        return out;
    }

    private static boolean hasMarker(Path proc, byte[] needle) {
        try {
            byte[] env = Files.readAllBytes(proc.resolve("environ"));
            int start = 0;
            for (int i = 0; i <= env.length; i++) {
                if (i == env.length || env[i] == 0) {
                    if (i - start >= needle.length && startsWith(env, start, needle)) {
                        return true;
                    }
                    start = i + 1;
                }
            }
        } catch (IOException | SecurityException e) {
            // gone or not ours
        }
        return false;
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        for (int k = 0; k < prefix.length; k++) {
            if (data[offset + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZombie(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && stat.length() > close + 2 && stat.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            return true;
        }
    }
}
