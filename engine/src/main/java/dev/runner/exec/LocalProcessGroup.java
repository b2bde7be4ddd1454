package dev.runner.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A process group a step started on this machine, named by its leader's pid and start time (clock ticks after
 * boot, {@code /proc/PID/stat} field 22): a pid is reused after its process exits, so the start time tells
 * a process of ours from a newer one with the same id. Linux only; elsewhere nothing is found.
 */
final class LocalProcessGroup {
    private static final long POLL_MILLIS = 50;

    private final long pgid;
    private final long leaderStart;

    LocalProcessGroup(long pgid, long leaderStart) {
        this.pgid = pgid;
        this.leaderStart = leaderStart;
    }

    /** The start time of process {@code pid}, if it exists. */
    static OptionalLong startTicks(long pid) {
        return stat(pid).map(s -> OptionalLong.of(s.start())).orElse(OptionalLong.empty());
    }

    /** State, process group and start time of one process (after the command name, which may hold spaces). */
    private record Stat(long pid, char state, long pgrp, long start) {
    }

    private static Optional<Stat> stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new Stat(pid, f[0].charAt(0), Long.parseLong(f[2]), Long.parseLong(f[19])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone, or not Linux
        }
    }

    /**
     * The live members of this group. None when the leader's pid now belongs to a newer process (the group
     * is gone and its id reused). Members started before the leader cannot be ours either.
     */
    List<Long> members() {
        Optional<Stat> leader = stat(pgid);
        if (leader.isPresent() && leader.get().start() != leaderStart) {
            return List.of();
        }
        List<Long> out = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(h -> stat(h.pid())
                .filter(s -> s.pgrp() == pgid && s.state() != 'Z' && s.start() >= leaderStart)
                .ifPresent(s -> out.add(s.pid())));
        return out;
    }

    /** SIGTERM to every member, SIGKILL to what is left after {@code grace}; true when none is left. */
    boolean stop(Duration grace) throws InterruptedException {
        signal(false);
        if (await(grace)) {
            return true;
        }
        signal(true);
        return await(Duration.ofSeconds(2));
    }

    private void signal(boolean kill) {
        for (long pid : members()) {
            ProcessHandle.of(pid).ifPresent(h -> {
                if (kill) {
                    h.destroyForcibly();
                } else {
                    h.destroy();
                }
            });
        }
    }

    private boolean await(Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (!members().isEmpty()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    @Override
    public String toString() {
        return "process group " + pgid;
    }
}
