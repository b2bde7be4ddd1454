package dev.runner.exec;

import dev.runner.state.Event;
import dev.runner.state.RunStore;
import dev.runner.state.StepStatus;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.runner.exec.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

/** Resume semantics, with the "crash" simulated by a journal that ends with a step-started event. */
class ResumeTest {
    @TempDir
    Path tmp;

    private final dev.runner.model.Workflow wf = workflow(step("a"), step("b", "a"), step("c", "b"));

    /** A run where a succeeded and b was started when the process "died". */
    private Harness crashedInB() throws Exception {
        Harness h = new Harness(tmp);
        h.fake.bodies.put("b", ctx -> {
            throw new IllegalStateException("simulated crash");
        });
        try (RunSession s = RunSession.start(h.dir, wf, h.params, Map.of(), h.secrets, w -> { })) {
            h.runId = s.runId();
            s.store().append(Event.stepStarted("2026-01-01T00:00:00Z", "a", 1));
            s.store().append(Event.stepFinished("2026-01-01T00:00:01Z", "a", 1, StepStatus.SUCCEEDED, null,
                    Map.of("id", "a"), List.of(), null, "ok"));
            s.store().append(Event.stepStarted("2026-01-01T00:00:02Z", "b", 1));
        }
        Harness r = new Harness(tmp);
        r.runId = h.runId;
        return r;
    }

    @Test
    void observedNotDoneRunsTheStep() throws Exception {
        Harness r = crashedInB();
        r.fake.observations.put("b", Observation.notDone("nothing there"));
        assertEquals(RunOutcome.SUCCEEDED, r.resume(wf, List.of(), List.of()));
        assertEquals(List.of("b", "c"), r.fake.calls);
        assertEquals(List.of("start b 2", "succeeded b", "start c 1", "succeeded c"),
                r.events.lines.stream().filter(l -> l.startsWith("start") || l.startsWith("succ")).toList());
    }

    @Test
    void unknownAndNotIdempotentStopsWithFromAndSkipAdvice() throws Exception {
        Harness r = crashedInB();
        assertEquals(RunOutcome.FAILED, r.resume(wf, List.of(), List.of()));
        assertEquals(List.of(), r.fake.calls);
        String last = r.events.lines.get(r.events.lines.size() - 1);
        assertTrue(last.contains("--skip b") && last.contains("--from b"), last);
        // still undecided in the state: the next resume asks again
        assertEquals(StepStatus.RUNNING, RunStore.load(r.dir.runDir(r.runId)).step("b").orElseThrow().status());

        Harness skip = new Harness(tmp);
        skip.runId = r.runId;
        assertEquals(RunOutcome.SUCCEEDED, skip.resume(wf, List.of(), List.of("b")));
        assertEquals(List.of("c"), skip.fake.calls);
    }

    /**
     * #19 item 8: three parallel steps were running when the process died; one idempotent, two not. Every one
     * is judged before anything runs, and the refusal names both non-idempotent ones.
     */
    @Test
    void allInterruptedStepsAreJudgedBeforeAnythingRunsAndTheRefusalNamesEveryOne() throws Exception {
        var par = workflow(step("a"), idempotent(step("p", "a"), true), step("q", "a"), step("r", "a"),
                step("z", "p", "q", "r"));
        Harness h = new Harness(tmp);
        try (RunSession s = RunSession.start(h.dir, par, h.params, Map.of(), h.secrets, w -> { })) {
            h.runId = s.runId();
            s.store().append(Event.stepStarted("2026-01-01T00:00:00Z", "a", 1));
            s.store().append(Event.stepFinished("2026-01-01T00:00:01Z", "a", 1, StepStatus.SUCCEEDED, null,
                    Map.of("id", "a"), List.of(), null, "ok"));
            for (String id : List.of("p", "q", "r")) {
                s.store().append(Event.stepStarted("2026-01-01T00:00:02Z", id, 1));
            }
        }
        Harness r = new Harness(tmp);
        r.runId = h.runId;
        r.options = r.options.withParallel(3);
        assertEquals(RunOutcome.FAILED, r.resume(par, List.of(), List.of()));
        assertEquals(List.of(), r.fake.calls, "nothing ran, not even the idempotent p");
        assertEquals(List.of("p", "q", "r"), r.fake.observed);
        String last = r.events.lines.get(r.events.lines.size() - 1);
        assertTrue(last.contains("'q' and 'r'") && last.contains("--skip q --skip r")
                && last.contains("--from q --from r") && !last.contains("--skip p"), last);

        Harness ok = new Harness(tmp);
        ok.runId = h.runId;
        assertEquals(RunOutcome.SUCCEEDED, ok.resume(par, List.of(), List.of("q", "r")));
        assertEquals(List.of("p", "z"), ok.fake.calls);
    }

    @Test
    void unknownButIdempotentRunsAgain() throws Exception {
        Harness r = crashedInB();
        var idem = workflow(step("a"), idempotent(step("b", "a"), true), step("c", "b"));
        assertEquals(RunOutcome.SUCCEEDED, r.resumeForced(idem));
        assertEquals(List.of("b", "c"), r.fake.calls);
    }

    @Test
    void fromRerunsTheStepAndEverythingDownstream() throws Exception {
        Harness h = new Harness(tmp);
        var wf4 = workflow(step("a"), step("b", "a"), step("c", "b"), step("d", "a"));
        assertEquals(RunOutcome.SUCCEEDED, h.run(wf4));
        h.fake.calls.clear();
        assertEquals(RunOutcome.SUCCEEDED, h.resume(wf4, List.of("b"), List.of()));
        assertEquals(List.of("b", "c"), h.fake.calls);
    }

    @Test
    void skipWinsOverFromForTheStepsItNames() throws Exception {
        Harness h = new Harness(tmp);
        var wf4 = workflow(step("a"), step("b", "a"), step("c", "b"), step("d", "a"));
        assertEquals(RunOutcome.SUCCEEDED, h.run(wf4));
        h.fake.calls.clear();
        assertEquals(RunOutcome.SUCCEEDED, h.resume(wf4, List.of("a"), List.of("b")));
        assertFalse(h.fake.calls.contains("b"), h.fake.calls + " " + h.events.lines);
        assertTrue(h.fake.calls.containsAll(List.of("a", "d")), h.fake.calls.toString());
        h.fake.calls.clear();
        assertEquals(RunOutcome.SUCCEEDED, h.resume(wf4, List.of("b"), List.of("b")));
        assertFalse(h.fake.calls.contains("b"), h.fake.calls.toString());
        assertEquals(StepStatus.SKIPPED, RunStore.load(h.dir.runDir(h.runId)).step("b").orElseThrow().status());
    }

    @Test
    void failedStepsRunAgainSucceededOnesNever() throws Exception {
        Harness h = new Harness(tmp);
        h.fake.bodies.put("b", ctx -> {
            throw new StepException("broken", false);
        });
        assertEquals(RunOutcome.FAILED, h.run(wf));
        h.fake.bodies.clear();
        h.fake.calls.clear();
        assertEquals(RunOutcome.SUCCEEDED, h.resume(wf, List.of(), List.of()));
        assertEquals(List.of("b", "c"), h.fake.calls);
    }

    @Test
    void changedParamsAreRefusedUnlessForced() throws Exception {
        Harness h = new Harness(tmp);
        h.params = new RunSession.Params(Map.of("token", "s3cr3t-one"), Set.of("token"));
        h.fake.bodies.put("b", ctx -> {
            throw new StepException("broken", false);
        });
        assertEquals(RunOutcome.FAILED, h.run(wf));
        h.params = new RunSession.Params(Map.of("token", "s3cr3t-two"), Set.of("token"));
        var e = assertThrows(RunSession.Refused.class, () -> h.resume(wf, List.of(), List.of()));
        assertTrue(e.getMessage().contains("different params"), e.getMessage());
        h.params = new RunSession.Params(Map.of("token", "s3cr3t-one"), Set.of("token"));
        h.fake.bodies.clear();
        assertEquals(RunOutcome.SUCCEEDED, h.resume(wf, List.of(), List.of()));
    }

    @Test
    void anOutputThatContainedASecretIsASecretOutputNeverHandedOnMasked() throws Exception {
        Harness h = new Harness(tmp);
        h.secrets.add("tok-SECRET-1");
        h.fake.bodies.put("a", ctx -> new StepResult(Map.of("url", "https://user:tok-SECRET-1@host/repo.git"),
                Set.of(), "ok"));
        h.fake.bodies.put("b", ctx -> {
            throw new StepException("broken", false);
        });
        var wf2 = workflow(step("a"), with(step("b", "a"), Map.of("u", "${steps.a.outputs.url}")));
        assertEquals(RunOutcome.FAILED, h.run(wf2));
        var rec = RunStore.load(h.dir.runDir(h.runId)).step("a").orElseThrow();
        assertEquals(List.of("url"), List.copyOf(rec.secretOutputs()));

        Harness r = new Harness(tmp);
        r.runId = h.runId;
        assertEquals(RunOutcome.FAILED, r.resume(wf2, List.of(), List.of()));
        assertTrue(r.events.lines.get(r.events.lines.size() - 1).contains("--from a"), r.events.lines.toString());
        assertEquals(List.of(), r.fake.calls);
    }

    @Test
    void secretOutputsAreNotStoredAndAreReadBackWithObserve() throws Exception {
        Harness h = new Harness(tmp);
        h.fake.bodies.put("a", ctx -> new StepResult(Map.of("pw", "hunter2-value", "user", "bob"), Set.of("pw"), "ok"));
        h.fake.bodies.put("b", ctx -> {
            throw new StepException("broken", false);
        });
        var wf2 = workflow(step("a"), with(step("b", "a"), Map.of("password", "${steps.a.outputs.pw}")));
        assertEquals(RunOutcome.FAILED, h.run(wf2));
        var rec = RunStore.load(h.dir.runDir(h.runId)).step("a").orElseThrow();
        assertEquals("***", rec.outputs().get("pw"));
        assertEquals("bob", rec.outputs().get("user"));

        Harness r = new Harness(tmp);
        r.runId = h.runId;
        assertEquals(RunOutcome.FAILED, r.resume(wf2, List.of(), List.of()));
        assertTrue(r.events.lines.get(r.events.lines.size() - 1).contains("--from a"));
        assertEquals(List.of(), r.fake.calls);

        Harness o = new Harness(tmp);
        o.runId = h.runId;
        o.fake.observations.put("a", Observation.done(Map.of("pw", "hunter2-value"), "read back"));
        Map<String, Object>[] seen = new Map[1];
        o.fake.bodies.put("b", ctx -> {
            seen[0] = ctx.with();
            return StepResult.ok("ok");
        });
        var resolving = new Inputs() {
            @Override
            public Map<String, Object> with(dev.runner.model.Step s, Map<String, Map<String, String>> out) {
                return s.id().equals("b") ? Map.of("password", out.get("a").get("pw")) : s.with();
            }

            @Override
            public boolean when(dev.runner.model.Step s, Map<String, Map<String, String>> out) {
                return true;
            }
        };
        try (RunSession s = RunSession.resume(o.dir, o.runId, wf2, o.params, Map.of(), o.secrets, false, List.of(),
                List.of(), w -> { })) {
            assertEquals(RunOutcome.SUCCEEDED, new Executor(wf2, o.fake.registry(), resolving, Map.of(), o.secrets,
                    o.events, s.store(), o.cancellation, o.options).execute());
        }
        assertEquals("hunter2-value", seen[0].get("password"));
        assertFalse(java.nio.file.Files.readString(o.dir.runDir(o.runId).resolve("journal.jsonl")).contains("hunter2"));
    }

    @Test
    void aStepThatReadsOnlyThePlainOutputsOfAProducerWithSecretOnesResumes() throws Exception {
        Harness h = new Harness(tmp);
        h.fake.bodies.put("a", ctx -> new StepResult(Map.of("pw", "hunter2-value", "pwd", "/srv", "exitCode", "0"),
                Set.of("pw"), "ok"));
        h.fake.bodies.put("b", ctx -> {
            throw new StepException("broken", false);
        });
        var wf2 = workflow(step("a"), with(step("b", "a"), Map.of("code", "${steps.a.outputs.exitCode}",
                "dir", "${steps.a.outputs.pwd}")));
        assertEquals(RunOutcome.FAILED, h.run(wf2));

        Harness r = new Harness(tmp);
        r.runId = h.runId;
        assertEquals(RunOutcome.SUCCEEDED, r.resume(wf2, List.of(), List.of()));
        assertEquals(List.of("b"), r.fake.calls);
    }
}
