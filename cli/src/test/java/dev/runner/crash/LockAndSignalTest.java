package dev.runner.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locks between real runner processes, stale-lock takeover after SIGKILL, and graceful stop on SIGTERM. */
class LockAndSignalTest {
    @TempDir
    Path tmp;

    private void workflow(String slowCommand) throws Exception {
        Files.writeString(tmp.resolve("wf.yaml"), """
                apiVersion: runner/v1
                kind: Workflow
                name: slow
                steps:
                  - id: quick
                    type: log
                    with: {message: hello}
                  - id: slow
                    type: shell
                    needs: [quick]
                    idempotent: true
                    with: {run: "%s"}
                """.formatted(slowCommand));
    }

    @Test
    void secondRunIsRefusedWhileTheFirstHoldsTheLockAndAKilledHolderIsTakenOver() throws Exception {
        workflow("echo started >> runs.log; sleep 0.5; test -f go || sleep 20; echo done >> runs.log");
        Runner r = new Runner(tmp);
        Process a = r.start(null, "run", "wf.yaml");
        Runner.waitForLine(a, tmp.resolve("runs.log"), "started", 1);

        Process b = r.start(null, "run", "wf.yaml");
        assertEquals(4, Runner.await(b));
        String out = r.allOutput();
        assertTrue(out.contains("locked by run ") && out.contains("(pid " + a.pid() + " on "), out);

        Runner.killAll(a);
        Files.writeString(tmp.resolve("go"), "");
        Process c = r.start(null, "resume");
        assertEquals(0, Runner.await(c), r.allOutput());
        out = r.allOutput();
        assertTrue(out.contains("taking over the stale lock") && out.contains("pid " + a.pid()), out);
        assertEquals(List.of("started", "started", "done"), Runner.lines(tmp.resolve("runs.log")));
    }

    @Test
    void sigtermStopsGracefullyKillsTheStepsProcessesAndExits3() throws Exception {
        workflow("echo started >> runs.log; sleep 30; echo finished >> runs.log");
        Runner r = new Runner(tmp);
        Process a = r.start(null, "run", "wf.yaml");
        Runner.waitForLine(a, tmp.resolve("runs.log"), "started", 1);
        List<ProcessHandle> children = a.descendants().toList();
        assertFalse(children.isEmpty());

        a.destroy(); // SIGTERM
        assertTrue(a.waitFor(15, TimeUnit.SECONDS), "graceful stop took too long");
        assertEquals(3, a.exitValue(), r.allOutput());
        for (ProcessHandle c : children) {
            c.onExit().get(5, TimeUnit.SECONDS);
            assertFalse(c.isAlive(), "left an orphan: " + c.info());
        }
        Path journal;
        try (Stream<Path> s = Files.walk(tmp.resolve("state/runs"))) {
            journal = s.filter(f -> f.getFileName().toString().equals("journal.jsonl")).findFirst().orElseThrow();
        }
        List<String> events = Files.readAllLines(journal);
        String last = events.get(events.size() - 1);
        assertTrue(last.contains("\"run-finished\"") && last.contains("\"interrupted\""), last);
        assertTrue(r.allOutput().contains("runner resume "), r.allOutput());
        assertEquals(List.of("started"), Runner.lines(tmp.resolve("runs.log")));
    }
}
