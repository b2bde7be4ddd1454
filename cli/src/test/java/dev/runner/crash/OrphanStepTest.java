package dev.runner.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the runner JVM alone (not of its children): the running shell step's process group must die
 * with it, and a resume must not run a step again while an earlier copy still runs (#19 item 5).
 */
class OrphanStepTest {
    @TempDir
    Path tmp;

    private void workflow(String s2) throws Exception {
        Files.writeString(tmp.resolve("wf.yaml"), """
                apiVersion: runner/v1
                kind: Workflow
                name: orphan
                steps:
                  - id: s1
                    type: log
                    with: {message: hello}
                  - id: s2
                    type: shell
                    needs: [s1]
                    idempotent: true
                    with: {run: "%s"}
                  - id: s3
                    type: shell
                    needs: [s2]
                    with: {run: "echo s3 >> runs.log"}
                """.formatted(s2));
    }

    private static ProcessHandle pidIn(Path f) throws Exception {
        long pid = Long.parseLong(Files.readString(f).trim());
        return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("process " + pid + " already gone"));
    }

    private static void killRunnerOnly(Process p) throws Exception {
        p.destroyForcibly(); // SIGKILL to the JVM only; its children are left to fend for themselves
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    }

    @Test
    void theStepsProcessGroupDiesWithAKilledRunner() throws Exception {
        // the step's own command and a child of it: both must go, even one that ignores SIGTERM
        workflow("echo $$ > step.pid; (trap '' TERM; sleep 1000) & echo $! > child.pid; echo started >> runs.log;"
                + " wait");
        Runner r = new Runner(tmp);
        Process a = r.start(null, "run", "wf.yaml");
        Runner.waitForLine(a, tmp.resolve("runs.log"), "started", 1);
        ProcessHandle step = pidIn(tmp.resolve("step.pid"));
        ProcessHandle child = pidIn(tmp.resolve("child.pid"));
        killRunnerOnly(a);
        for (ProcessHandle h : List.of(step, child)) {
            assertTrue(gone(h, 10), "outlived the runner: " + h.pid() + " " + h.info());
        }
    }

    /**
     * The runner and the step's watchdog die (as if the watchdog was killed by hand), the step's command lives
     * on: resume stops that first copy before it runs the step again, and says so.
     */
    @Test
    void resumeStopsAStepLeftRunningByADeadRunnerBeforeRunningItAgain() throws Exception {
        workflow("if test -f first; then echo second >> runs.log; else touch first; echo $$ > step.pid;"
                + " echo started >> runs.log; sleep 1000; fi");
        Runner r = new Runner(tmp);
        Process a = r.start(null, "run", "wf.yaml");
        Runner.waitForLine(a, tmp.resolve("runs.log"), "started", 1);
        ProcessHandle first = pidIn(tmp.resolve("step.pid"));
        // the kill must come after the runner recorded the step's process group (it does so right after starting
        // it, while the step may already be writing): a group it never recorded is the watchdog's alone to stop
        awaitJournalEvent("\"step-process\"");
        for (ProcessHandle h : a.descendants().toList()) {
            if (String.join(" ", h.info().arguments().orElse(new String[0])).contains("runner-watchdog")) {
                h.destroyForcibly();
            }
        }
        killRunnerOnly(a);
        assertTrue(first.isAlive(), "the first copy must outlive runner and watchdog for this test");

        Process again = r.start(null, "resume");
        assertEquals(0, Runner.await(again), r.allOutput());
        assertTrue(gone(first, 1), "the first copy still runs");
        String out = r.allOutput();
        assertTrue(out.contains("step 's2' of run ") && out.contains(" still runs as process group ")
                && out.matches("(?s).*\\(pids \\[[0-9, ]*\\b" + first.pid() + "\\b.*"), out);
        assertEquals(List.of("started", "second", "s3"), Runner.lines(tmp.resolve("runs.log")));
    }

    private void awaitJournalEvent(String marker) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            try (var files = Files.walk(tmp)) {
                if (files.filter(f -> f.getFileName().toString().equals("journal.jsonl")).anyMatch(f -> {
                    try {
                        return Files.readString(f).contains(marker);
                    } catch (java.io.IOException e) {
                        return false;
                    }
                })) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the journal never recorded " + marker);
    }

    /** Exited (a zombie waiting for its reaper counts as exited) within {@code seconds}. */
    static boolean gone(ProcessHandle h, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            String s;
            try {
                s = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
            } catch (java.io.IOException noSuchProcess) {
                s = "";
            }
            if (!h.isAlive() || s.isEmpty() || s.charAt(s.lastIndexOf(')') + 2) == 'Z') {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
