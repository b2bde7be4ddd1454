package dev.runner.step.builtin;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a command as the leader of a new session (via {@code setsid}, when present) that dies with this JVM,
 * and stops it with everything it started, including children that were re-parented after their parent died.
 *
 * <p>Dying with the JVM: Java has no {@code prctl(PR_SET_PDEATHSIG)}, and a kill -9 of the runner runs no
 * hook. So the session leader is a small {@code sh} watchdog whose stdin is a pipe from this JVM, which never
 * writes to it: the kernel closes the pipe when the JVM exits in any way, the watchdog's {@code read} sees EOF
 * and it sends SIGTERM, then after a grace SIGKILL, to its whole process group (the command and everything it
 * started that did not leave the group). The command itself gets {@code /dev/null} as stdin.
 */
final class ProcessTree {
    private static final String SETSID = "/usr/bin/setsid";
    private static final long GRACE_MILLIS = 2000;
    private static final long POLL_MILLIS = 20;

    private ProcessTree() {
    }

    /**
     * The watchdog: runs "$@" in the background, then waits for it (exiting with its status) while a
     * subshell waits for EOF on fd 3 (the JVM's pipe). The watcher ignores SIGTERM from the start: the runner's
     * own stop sends SIGTERM to the whole group, and a step that ignores it must still find its watcher alive
     * when the runner then dies (a second Ctrl-C). At a normal end the watcher is killed with SIGKILL; at EOF it
     * stops the group. No secret is in this text: the command's arguments come after it.
     */
    private static final String WATCHDOG = String.join("\n",
            "exec 3<&0",
            "\"$@\" </dev/null 3<&- &",
            "step=$!",
            "( trap '' TERM; while read -r _ <&3; do :; done; kill -TERM 0; sleep " + GRACE_MILLIS / 1000
                    + "; kill -KILL 0 ) </dev/null >/dev/null 2>&1 &",
            "watch=$!",
            "exec 3<&- 0</dev/null",
            "wait \"$step\"",
            "code=$?",
            "kill -KILL \"$watch\" 2>/dev/null",
            "exit \"$code\"");

    /**
     * The command wrapped in the watchdog, prefixed with setsid. The JVM's children are never group leaders,
     * so setsid execs in place: the started process's pid is the new session's (and process group's) id.
     * The caller must leave the process's stdin a pipe (the default) and never close it while it runs.
     */
    static List<String> inOwnSession(List<String> command) {
        List<String> out = new java.util.ArrayList<>();
        if (new File(SETSID).canExecute()) {
            out.add(SETSID);
        }
        out.addAll(List.of("/bin/sh", "-c", WATCHDOG, "runner-watchdog"));
        out.addAll(command);
        return out;
    }

    /** True when {@link #inOwnSession} makes the started process the leader of its own process group. */
    static boolean leadsItsGroup() {
        return new File(SETSID).canExecute();
    }

    /** SIGTERM to the group and descendants, then SIGKILL to whatever is still alive after a grace period. */
    static void destroy(Process process) {
        // cleared while we wait for the tree to exit, restored for the caller afterwards
        boolean interrupted = Thread.interrupted();
        try {
            destroyTree(process);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void destroyTree(Process process) {
        List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        signalGroup(process.pid(), "TERM");
        tree.forEach(ProcessHandle::destroy);
        // polled: onExit() of a non-child (a re-parented grandchild) only notices the exit about once a second
        long deadline = System.currentTimeMillis() + GRACE_MILLIS;
        while (tree.stream().anyMatch(ProcessTree::running) && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                break;
            }
        }
        signalGroup(process.pid(), "KILL");
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    private static void signalGroup(long pgid, String signal) {
        if (!new File(SETSID).canExecute()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (IOException | InterruptedException e) {
            // the per-handle signals in destroyTree still apply
        }
    }

    /** Alive and not a zombie: an exited child waits for its (possibly slow) reaper but is no longer running. */
    static boolean running(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(h.pid()), "stat"));
            int afterName = stat.lastIndexOf(')');
            return afterName < 0 || afterName + 2 >= stat.length() || stat.charAt(afterName + 2) != 'Z';
        } catch (IOException noProcEntry) {
            return h.isAlive();
        }
    }
}
