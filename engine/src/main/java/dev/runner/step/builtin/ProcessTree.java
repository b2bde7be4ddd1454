package dev.runner.step.builtin;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a command as the leader of a new session (via {@code setsid}, when present) and stops it with
 * everything it started, including children that were re-parented after their parent died.
 */
final class ProcessTree {
    private static final String SETSID = "/usr/bin/setsid";
    private static final long GRACE_MILLIS = 2000;
    private static final long POLL_MILLIS = 20;

    private ProcessTree() {
    }

    /**
     * The command prefixed with setsid. The JVM's children are never group leaders, so setsid execs in
     * place: the started process's pid is the new session's (and process group's) id.
     */
    static List<String> inOwnSession(List<String> command) {
        if (!new File(SETSID).canExecute()) {
            return command;
        }
        List<String> out = new java.util.ArrayList<>();
        out.add(SETSID);
        out.addAll(command);
        return out;
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
