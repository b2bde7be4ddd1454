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
 * A real runner process stopped by the runner itself (Ctrl-C, --timeout) or by a second Ctrl-C: the stopped step
 * has a finish record that status shows, exit codes are 3 for interruptions, and the printed
 * "runner resume" hint works (#19 items 7, 9, 10).
 */
class InterruptionTest {
    @TempDir
    Path tmp;

    /** quick, then a not idempotent step that waits until the file go exists, then last. */
    private void workflow() throws Exception {
        workflow("");
    }

    private void workflow(String slowPrefix) throws Exception {
        Files.writeString(tmp.resolve("wf.yaml"), """
                apiVersion: runner/v1
                kind: Workflow
                name: stoppable
                steps:
                  - id: quick
                    type: log
                    with: {message: hello}
                  - id: slow
                    type: shell
                    needs: [quick]
                    with: {run: "%secho started >> runs.log; while ! test -f go; do sleep 0.1; done; echo done >> runs.log"}
                  - id: last
                    type: shell
                    needs: [slow]
                    with: {run: "echo last >> runs.log"}
                """.formatted(slowPrefix));
    }

    private static void signal(Process p, String sig) throws Exception {
        new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor();
    }

    private String status(Runner r) throws Exception {
        Process s = r.start(null, "status");
        assertEquals(0, Runner.await(s), r.allOutput());
        return Files.readString(latestOut());
    }

    private Path latestOut() throws Exception {
        try (var files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("out-"))
                    .max(java.util.Comparator.comparing(f -> Long.parseLong(f.getFileName().toString()
                            .replaceAll("\\D", "")))).orElseThrow();
        }
    }

    @Test
    void singleCtrlCRecordsTheStoppedStepAndTheHintedResumeFinishesTheRun() throws Exception {
        workflow();
        Runner r = new Runner(tmp);
        Process a = r.start(null, "run", "wf.yaml");
        Runner.waitForLine(a, tmp.resolve("runs.log"), "started", 1);
        signal(a, "INT");
        assertEquals(3, Runner.await(a), r.allOutput());
        String out = r.allOutput();
        assertTrue(out.contains("interrupted") && out.matches("(?s).*summary:.*interrupted\\s+slow.*"), out);
        assertTrue(out.contains("continue with: runner resume "), out);

        String status = status(r);
        assertTrue(status.matches("(?s).*\\(interrupted\\).*interrupted\\s+slow\\s+attempt 1.*"), status);
        assertTrue(status.contains("interrupted by SIGINT"), status);

        Files.writeString(tmp.resolve("go"), "");
        Process again = r.start(null, "resume");
        assertEquals(0, Runner.await(again), r.allOutput());
        assertEquals(List.of("started", "started", "done", "last"), Runner.lines(tmp.resolve("runs.log")));
    }

    @Test
    void runTimeoutRecordsTheStoppedStepAndResumeAfterItExits0() throws Exception {
        workflow();
        Runner r = new Runner(tmp);
        Process a = r.start(null, "run", "wf.yaml", "--timeout", "2s");
        assertEquals(1, Runner.await(a), r.allOutput());
        assertTrue(r.allOutput().contains("runner resume "), r.allOutput());
        String status = status(r);
        assertTrue(status.matches("(?s).*interrupted\\s+slow\\s+attempt 1.*the run timed out after 2.0s.*"), status);

        Files.writeString(tmp.resolve("go"), "");
        Process again = r.start(null, "resume");
        assertEquals(0, Runner.await(again), r.allOutput());
        assertEquals(List.of("started", "started", "done", "last"), Runner.lines(tmp.resolve("runs.log")));
    }

    @Test
    void secondCtrlCExits3AndTheRunStaysResumable() throws Exception {
        // the step ignores SIGTERM, so stopping it takes the runner's grace period: the second signal comes meanwhile
        workflow("trap '' TERM; ");
        Runner r = new Runner(tmp);
        Process a = r.start(null, "run", "wf.yaml");
        Runner.waitForLine(a, tmp.resolve("runs.log"), "started", 1);
        List<ProcessHandle> step = a.descendants().toList();
        signal(a, "INT");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!r.allOutput().contains("SIGINT: stopping") && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        signal(a, "INT");
        assertEquals(3, Runner.await(a), r.allOutput());
        assertTrue(r.allOutput().contains("second SIGINT"), r.allOutput());
        for (ProcessHandle h : step) {
            assertTrue(OrphanStepTest.gone(h, 10), "the step outlived the runner (#19 item 5): " + h.info());
        }
        Files.writeString(tmp.resolve("go"), "");
        Process again = r.start(null, "resume", "--skip", "slow");
        assertEquals(0, Runner.await(again), r.allOutput());
        assertEquals("last", Runner.lines(tmp.resolve("runs.log")).get(Runner.lines(tmp.resolve("runs.log")).size() - 1));
    }

    /** #19 item 10: a tiny run timeout with a step timeout set must not park the runner for the grace period. */
    @Test
    void aTinyRunTimeoutExitsPromptly() throws Exception {
        Files.writeString(tmp.resolve("wf.yaml"), """
                apiVersion: runner/v1
                kind: Workflow
                name: tiny
                steps:
                  - id: a
                    type: shell
                    timeout: 30s
                    with: {run: "sleep 20"}
                """);
        Runner r = new Runner(tmp);
        for (int i = 0; i < 3; i++) {
            Process a = r.start(null, "run", "wf.yaml", "--timeout", "1ms", "-o", "json");
            assertEquals(1, Runner.await(a), r.allOutput());
            // the run's own elapsed time, not the JVM's start (slow on a busy machine); the grace period is 10 s
            String all = r.allOutput();
            String finished = Files.readAllLines(latestOut()).stream().filter(l -> l.contains("\"run-finished\""))
                    .findFirst().orElseThrow(() -> new AssertionError(all));
            long ms = Long.parseLong(finished.replaceAll(".*\"elapsedMs\":(\\d+).*", "$1"));
            assertTrue(ms < 3000, "took " + ms + " ms: " + finished);
        }
    }
}
