package dev.runner.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real runner process is killed with SIGKILL again and again while it works through a 10-step workflow of
 * shell steps, then resumed, until the workflow completes. Kill points: at every step boundary (right after
 * "step-finished" is durable, via the runner.fault.killAfter hook that sends SIGKILL to itself), right after
 * "step-started" is durable (before the step acts), and in the middle of steps both before and after the
 * step's effect (kill -9 from outside, of the runner and its child processes, as when a machine dies).
 *
 * <p>What "exactly once" can honestly mean: a step killed after its effect but before the journal records
 * it cannot be told apart from one killed just before its effect. So these steps are made idempotent with a
 * guard (append only if the line is missing) and declare {@code idempotent: true}; resume re-runs them.
 * Two logs prove the engine's part: {@code effects.log} (guarded) must be s1..s10 exactly once in order, and
 * {@code runs.log} (every execution, unguarded) shows a step ran twice only when it was killed mid-way:
 * finished steps never run again, and a step killed right after its write-ahead record ran exactly once.
 */
class CrashResumeTest {
    @TempDir
    Path tmp;

    static String workflow(boolean idempotent) {
        StringBuilder sb = new StringBuilder("""
                apiVersion: runner/v1
                kind: Workflow
                name: crashy
                steps:
                """);
        for (int i = 1; i <= 10; i++) {
            sb.append("  - id: s").append(i).append("\n    type: shell\n");
            if (i > 1) {
                sb.append("    needs: [s").append(i - 1).append("]\n");
            }
            sb.append("    idempotent: ").append(idempotent).append('\n');
            sb.append("    with: {run: \"echo s").append(i).append(" >> runs.log; sleep 0.15;")
                    .append(" grep -qx s").append(i).append(" effects.log 2>/dev/null || echo s").append(i)
                    .append(" >> effects.log; sleep 0.15\"}\n");
        }
        return sb.toString();
    }

    record Kill(String kind, int step) {
    }

    @Test
    void killedAtEveryBoundaryAndMidStepResumesToEachEffectExactlyOnce() throws Exception {
        Files.writeString(tmp.resolve("wf.yaml"), workflow(true));
        Runner r = new Runner(tmp);
        List<Kill> kills = new ArrayList<>();
        // every boundary s1|s2 ... s9|s10, and inside s2, s5, s8 (kept to 12 kills: each costs a JVM start)
        Map<Integer, String> inside = Map.of(2, "started", 5, "mid-before", 8, "mid-after");
        for (int k = 1; k <= 9; k++) {
            if (inside.containsKey(k)) {
                kills.add(new Kill(inside.get(k), k));
            }
            kills.add(new Kill("finished", k));
        }
        Map<String, Integer> expectedRuns = new HashMap<>();
        boolean first = true;
        for (Kill kill : kills) {
            String[] args = first ? new String[] {"run", "wf.yaml"} : new String[] {"resume"};
            String id = "s" + kill.step();
            Process p;
            switch (kill.kind()) {
                case "started", "finished" -> {
                    p = r.start("step-" + kill.kind() + ":" + id, args);
                    assertEquals(137, Runner.await(p), kill + ": the runner must die by SIGKILL");
                }
                default -> {
                    p = r.start(null, args);
                    long before = Runner.lines(tmp.resolve("runs.log")).stream().filter(id::equals).count();
                    if (kill.kind().equals("mid-before")) {
                        Runner.waitForLine(p, tmp.resolve("runs.log"), id, before + 1);
                    } else {
                        Runner.waitForLine(p, tmp.resolve("effects.log"), id, 1);
                    }
                    Runner.killAll(p);
                    expectedRuns.merge(id, 1, Integer::sum);
                }
            }
            first = false;
        }
        Process last = r.start(null, "resume");
        assertEquals(0, Runner.await(last), r.allOutput());

        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            expected.add("s" + i);
            expectedRuns.merge("s" + i, 1, Integer::sum);
        }
        assertEquals(expected, Runner.lines(tmp.resolve("effects.log")), "each effect exactly once, in order");
        Map<String, Integer> runs = new HashMap<>();
        Runner.lines(tmp.resolve("runs.log")).forEach(l -> runs.merge(l, 1, Integer::sum));
        assertEquals(expectedRuns, runs, "only steps killed mid-way ran twice; finished steps never re-ran");
        String out = r.allOutput();
        assertTrue(out.contains("taking over the stale lock"), "a killed runner's lock is taken over: " + out);
        assertTrue(out.contains("succeeded"), out);
    }

    @Test
    void notIdempotentStepKilledMidwayStopsResumeUntilTheUserDecides() throws Exception {
        Files.writeString(tmp.resolve("wf.yaml"), workflow(false));
        Runner r = new Runner(tmp);
        Process p = r.start(null, "run", "wf.yaml");
        Runner.waitForLine(p, tmp.resolve("effects.log"), "s2", 1);
        Runner.killAll(p);

        Process again = r.start(null, "resume");
        assertEquals(1, Runner.await(again));
        String out = r.allOutput();
        assertTrue(out.contains("--skip s2") && out.contains("--from s2"), out);
        assertEquals(List.of("s1", "s2"), Runner.lines(tmp.resolve("runs.log")), "nothing ran blindly");

        Process skip = r.start(null, "resume", "--skip", "s2");
        assertEquals(0, Runner.await(skip), r.allOutput());
        assertEquals(List.of("s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10"),
                Runner.lines(tmp.resolve("effects.log")));
    }

    @Test
    void tornJournalTailStillResumes() throws Exception {
        Files.writeString(tmp.resolve("wf.yaml"), workflow(true));
        Runner r = new Runner(tmp);
        Process p = r.start("step-finished:s3", "run", "wf.yaml");
        assertEquals(137, Runner.await(p));
        Path journal;
        try (Stream<Path> s = Files.walk(tmp.resolve("state/runs"))) {
            journal = s.filter(f -> f.getFileName().toString().equals("journal.jsonl")).findFirst().orElseThrow();
        }
        Files.writeString(journal, "{\"type\":\"step-started\",\"at\":\"2026-", java.nio.file.StandardOpenOption.APPEND);
        Process again = r.start(null, "resume");
        assertEquals(0, Runner.await(again), r.allOutput());
        assertEquals(10, Runner.lines(tmp.resolve("effects.log")).size());
        assertEquals(10, Runner.lines(tmp.resolve("runs.log")).size(), "s1..s3 did not run again");
        assertFalse(Files.readString(journal).contains("\"at\":\"2026-{"), "torn tail was cut before appending");
    }
}
