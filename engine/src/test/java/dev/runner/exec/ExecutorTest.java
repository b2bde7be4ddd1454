package dev.runner.exec;

import dev.runner.state.RunPhase;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.runner.exec.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

class ExecutorTest {
    @TempDir
    Path tmp;

    @Test
    void runsStepsInDependencyOrderAndRecordsThem() throws Exception {
        Harness h = new Harness(tmp);
        var wf = workflow(step("c", "b"), step("a"), step("b", "a"));
        assertEquals(RunOutcome.SUCCEEDED, h.run(wf));
        assertEquals(List.of("a", "b", "c"), h.fake.calls);
        var st = RunStore.load(h.dir.runDir(h.runId));
        assertEquals(RunPhase.SUCCEEDED, st.phase());
        assertEquals("b", st.step("b").orElseThrow().outputs().get("id"));
    }

    @Test
    void retriesRetryableFailuresThenSucceeds() throws Exception {
        Harness h = new Harness(tmp);
        AtomicInteger n = new AtomicInteger();
        h.fake.bodies.put("a", ctx -> {
            if (n.incrementAndGet() < 3) {
                throw new StepException("flaky");
            }
            return StepResult.ok("ok");
        });
        assertEquals(RunOutcome.SUCCEEDED, h.run(workflow(retry(step("a"), 3, 5))));
        assertEquals(List.of("start a 1", "retry a 1", "start a 2", "retry a 2", "start a 3", "succeeded a"),
                h.events.lines.stream().filter(l -> !l.startsWith("run")).toList());
        assertEquals(3, RunStore.load(h.dir.runDir(h.runId)).step("a").orElseThrow().attempt());
    }

    @Test
    void nonRetryableFailureFailsAtOnceAndStopsDependents() throws Exception {
        Harness h = new Harness(tmp);
        h.fake.bodies.put("a", ctx -> {
            throw new StepException("bad input", false);
        });
        assertEquals(RunOutcome.FAILED, h.run(workflow(retry(step("a"), 5, 5), step("b", "a"))));
        assertEquals(List.of("a"), h.fake.calls);
        assertTrue(h.events.lines.contains("run FAILED step 'a' failed: bad input"), h.events.lines.toString());
    }

    @Test
    void exhaustedRetriesFail() throws Exception {
        Harness h = new Harness(tmp);
        h.fake.bodies.put("a", ctx -> {
            throw new StepException("down");
        });
        assertEquals(RunOutcome.FAILED, h.run(workflow(retry(step("a"), 2, 1))));
        assertEquals(List.of("a", "a"), h.fake.calls);
    }

    @Test
    void timeoutInterruptsTheStepAndTheStepSeesCancelled() throws Exception {
        Harness h = new Harness(tmp);
        AtomicInteger sawCancel = new AtomicInteger();
        h.fake.bodies.put("slow", ctx -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                if (ctx.cancelled()) {
                    sawCancel.incrementAndGet();
                }
                throw e;
            }
            return StepResult.ok("never");
        });
        long t0 = System.nanoTime();
        assertEquals(RunOutcome.FAILED, h.run(workflow(timeout(step("slow"), 200))));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3));
        assertEquals(1, sawCancel.get());
        assertTrue(h.events.lines.stream().anyMatch(l -> l.contains("timed out after 200ms")), h.events.lines.toString());
    }

    @Test
    void continueOnErrorLetsDependentsRun() throws Exception {
        Harness h = new Harness(tmp);
        h.fake.bodies.put("a", ctx -> {
            throw new StepException("meh", false);
        });
        assertEquals(RunOutcome.SUCCEEDED, h.run(workflow(continueOnError(step("a")), step("b", "a"))));
        assertEquals(List.of("a", "b"), h.fake.calls);
    }

    @Test
    void falseWhenSkipsAndSkippedStepSatisfiesNeeds() throws Exception {
        Harness h = new Harness(tmp);
        assertEquals(RunOutcome.SUCCEEDED, h.run(workflow(when(step("a"), "false"), step("b", "a"))));
        assertEquals(List.of("b"), h.fake.calls);
        assertEquals(StepStatus.SKIPPED, RunStore.load(h.dir.runDir(h.runId)).step("a").orElseThrow().status());
    }

    @Test
    void parallelRunsIndependentStepsAtOnce() throws Exception {
        Harness h = new Harness(tmp);
        h.options = h.options.withParallel(2);
        CountDownLatch both = new CountDownLatch(2);
        Fixtures.Body meet = ctx -> {
            both.countDown();
            if (!both.await(5, TimeUnit.SECONDS)) {
                throw new StepException("not parallel", false);
            }
            return StepResult.ok("met");
        };
        h.fake.bodies.put("a", meet);
        h.fake.bodies.put("b", meet);
        assertEquals(RunOutcome.SUCCEEDED, h.run(workflow(step("a"), step("b"), step("c", "a", "b"))));
        assertEquals("c", h.fake.calls.get(2));
    }

    @Test
    void runTimeoutStopsTheRun() throws Exception {
        Harness h = new Harness(tmp);
        h.options = h.options.withRunTimeout(java.time.Duration.ofMillis(300));
        h.fake.bodies.put("b", ctx -> {
            Thread.sleep(10_000);
            return StepResult.ok("never");
        });
        assertEquals(RunOutcome.FAILED, h.run(workflow(step("a"), step("b", "a"), step("c", "b"))));
        assertEquals(List.of("a", "b"), h.fake.calls);
        assertTrue(h.events.lines.get(h.events.lines.size() - 1).contains("timed out after 300ms"));
    }

    @Test
    void cancellationStopsTheStepRecordsItInterruptedAndResumeObservesIt() throws Exception {
        Harness h = new Harness(tmp);
        CountDownLatch inB = new CountDownLatch(1);
        h.fake.bodies.put("b", ctx -> {
            inB.countDown();
            Thread.sleep(10_000);
            return StepResult.ok("never");
        });
        Thread killer = new Thread(() -> {
            try {
                inB.await();
            } catch (InterruptedException e) {
                return;
            }
            h.cancellation.cancel("interrupted by SIGINT", true);
        });
        killer.start();
        var wf = workflow(step("a"), step("b", "a"), step("c", "b"));
        assertEquals(RunOutcome.INTERRUPTED, h.run(wf));
        var st = RunStore.load(h.dir.runDir(h.runId));
        assertEquals(RunPhase.INTERRUPTED, st.phase());
        assertEquals(StepStatus.INTERRUPTED, st.step("b").orElseThrow().status());
        assertEquals("interrupted by SIGINT", st.step("b").orElseThrow().error());
        assertTrue(h.events.lines.contains("interrupted b"), h.events.lines.toString());

        // resume: a is not run again; b is observed (DONE) and not run; c runs
        h.fake.calls.clear();
        h.fake.bodies.remove("b");
        h.fake.observations.put("b", Observation.done(Map.of("x", "1"), "it is there"));
        Harness r = resumer(h);
        assertEquals(RunOutcome.SUCCEEDED, r.resume(wf, List.of(), List.of()));
        assertEquals(List.of("c"), r.fake.calls);
        assertEquals(List.of("b"), r.fake.observed);
        assertEquals("1", RunStore.load(h.dir.runDir(h.runId)).step("b").orElseThrow().outputs().get("x"));
    }

    /** #19 item 7: a step the run's timeout stopped is recorded, and a plain resume runs it again (not idempotent). */
    @Test
    void aStepStoppedByTheRunTimeoutIsRecordedInterruptedAndResumeRunsItAgain() throws Exception {
        Harness h = new Harness(tmp);
        h.options = h.options.withRunTimeout(java.time.Duration.ofMillis(300));
        h.fake.bodies.put("b", ctx -> {
            Thread.sleep(10_000);
            return StepResult.ok("never");
        });
        var wf = workflow(step("a"), idempotent(step("b", "a"), false), step("c", "b"));
        assertEquals(RunOutcome.FAILED, h.run(wf));
        var b = RunStore.load(h.dir.runDir(h.runId)).step("b").orElseThrow();
        assertEquals(StepStatus.INTERRUPTED, b.status());
        assertTrue(b.error().contains("timed out after 300ms"), b.error());
        assertNotNull(b.finishedAt());

        h.fake.bodies.remove("b");
        Harness r = resumer(h);
        assertEquals(RunOutcome.SUCCEEDED, r.resume(wf, List.of(), List.of()));
        assertEquals(List.of("b"), r.fake.observed, "asked first whether its effect is in place");
        assertEquals(List.of("b", "c"), r.fake.calls, "the fake cannot tell, and the runner saw b end: b runs again");
        assertEquals(2, RunStore.load(h.dir.runDir(h.runId)).step("b").orElseThrow().attempt());
    }

    /** #19 item 7, parallel: every running step stopped by a cancel gets its finish record. */
    @Test
    void parallelStepsStoppedByCancelAreAllRecordedInterrupted() throws Exception {
        Harness h = new Harness(tmp);
        h.options = h.options.withParallel(3);
        CountDownLatch all = new CountDownLatch(3);
        for (String id : List.of("x", "y", "z")) {
            h.fake.bodies.put(id, ctx -> {
                all.countDown();
                Thread.sleep(10_000);
                return StepResult.ok("never");
            });
        }
        Thread killer = new Thread(() -> {
            try {
                all.await();
            } catch (InterruptedException e) {
                return;
            }
            h.cancellation.cancel("interrupted by SIGINT", true);
        });
        killer.start();
        assertEquals(RunOutcome.INTERRUPTED, h.run(workflow(step("x"), step("y"), step("z"))));
        var st = RunStore.load(h.dir.runDir(h.runId));
        for (String id : List.of("x", "y", "z")) {
            assertEquals(StepStatus.INTERRUPTED, st.step(id).orElseThrow().status(), id);
        }
    }

    /** A fresh harness (new process, as it were) on the same state dir and run. */
    private Harness resumer(Harness h) {
        Harness r = new Harness(h.dir.root());
        r.runId = h.runId;
        r.fake.observations.putAll(h.fake.observations);
        r.fake.bodies.putAll(h.fake.bodies);
        return r;
    }
}
