package dev.runner.exec;

import dev.runner.model.RetryPolicy;
import dev.runner.model.Secrets;
import dev.runner.model.SourcePos;
import dev.runner.model.Step;
import dev.runner.model.Workflow;
import dev.runner.state.StateDir;
import dev.runner.step.Observation;
import dev.runner.step.StepContext;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepRegistry;
import dev.runner.step.StepResult;
import dev.runner.step.StepType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Programmatic workflows and a scriptable fake step type for executor tests. */
final class Fixtures {
    private Fixtures() {
    }

    static final Path FILE = Path.of("test-workflow.yaml");

    static Step step(String id, String... needs) {
        return new Step(id, "fake", List.of(needs), Optional.empty(), Map.of(), Optional.empty(), Optional.empty(),
                false, Optional.empty(), Optional.empty(), new SourcePos(FILE, 1, 1));
    }

    static Step with(Step s, Map<String, Object> with) {
        return new Step(s.id(), s.type(), s.needs(), s.when(), with, s.timeout(), s.retry(), s.continueOnError(),
                s.idempotent(), s.description(), s.pos());
    }

    static Step when(Step s, String when) {
        return new Step(s.id(), s.type(), s.needs(), Optional.of(when), s.with(), s.timeout(), s.retry(),
                s.continueOnError(), s.idempotent(), s.description(), s.pos());
    }

    static Step retry(Step s, int attempts, long backoffMs) {
        return new Step(s.id(), s.type(), s.needs(), s.when(), s.with(), s.timeout(), Optional.of(new RetryPolicy(
                attempts, Duration.ofMillis(backoffMs), Duration.ofMillis(backoffMs * 4))), s.continueOnError(),
                s.idempotent(), s.description(), s.pos());
    }

    static Step timeout(Step s, long ms) {
        return new Step(s.id(), s.type(), s.needs(), s.when(), s.with(), Optional.of(Duration.ofMillis(ms)), s.retry(),
                s.continueOnError(), s.idempotent(), s.description(), s.pos());
    }

    static Step continueOnError(Step s) {
        return new Step(s.id(), s.type(), s.needs(), s.when(), s.with(), s.timeout(), s.retry(), true,
                s.idempotent(), s.description(), s.pos());
    }

    static Step idempotent(Step s, boolean v) {
        return new Step(s.id(), s.type(), s.needs(), s.when(), s.with(), s.timeout(), s.retry(), s.continueOnError(),
                Optional.of(v), s.description(), s.pos());
    }

    static Workflow workflow(Step... steps) {
        return new Workflow(FILE, "test", "", Map.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(steps));
    }

    @FunctionalInterface
    interface Body {
        StepResult run(StepContext ctx) throws StepException, InterruptedException;
    }

    /** A step type whose behaviour per step id is given by the test; records every call. */
    static final class Fake implements StepType {
        final Map<String, Body> bodies = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, Observation> observations = new java.util.concurrent.ConcurrentHashMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<String> observed = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public String description() {
            return "test";
        }

        @Override
        public String withSchema() {
            return "{}";
        }

        @Override
        public StepPlan plan(StepContext ctx) {
            return StepPlan.of("fake");
        }

        @Override
        public StepResult run(StepContext ctx) throws StepException, InterruptedException {
            calls.add(ctx.stepId());
            Body b = bodies.get(ctx.stepId());
            return b == null ? StepResult.of(Map.of("id", ctx.stepId()), "ok") : b.run(ctx);
        }

        @Override
        public Observation observe(StepContext ctx) {
            observed.add(ctx.stepId());
            return observations.getOrDefault(ctx.stepId(), Observation.unknown("fake cannot tell"));
        }

        StepRegistry registry() {
            return StepRegistry.of(this);
        }
    }

    /** A listener that keeps one line per event, for asserting the sequence. */
    static final class Events implements RunListener {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void stepStarted(Step step, int attempt) {
            lines.add("start " + step.id() + " " + attempt);
        }

        @Override
        public void stepRetry(Step step, int failedAttempt, Duration delay, String error) {
            lines.add("retry " + step.id() + " " + failedAttempt);
        }

        @Override
        public void stepFinished(Step step, dev.runner.state.StepStatus status, int attempt, Duration elapsed,
                                 String detail, Map<String, String> outputs) {
            lines.add(status.label() + " " + step.id());
        }

        @Override
        public void message(boolean warning, String text) {
            lines.add((warning ? "warn " : "note ") + text);
        }

        @Override
        public void runFinished(String runId, RunOutcome outcome, Duration total, String error) {
            lines.add("run " + outcome + (error == null ? "" : " " + error));
        }

        List<String> starts() {
            List<String> l = new ArrayList<>();
            lines.stream().filter(x -> x.startsWith("start ")).forEach(l::add);
            return l;
        }
    }

    /** Runs or resumes {@code wf} in {@code dir}; a tiny harness around RunSession + Executor. */
    static final class Harness {
        final StateDir dir;
        final Fake fake = new Fake();
        final Events events = new Events();
        final Secrets secrets = new Secrets();
        final Cancellation cancellation = new Cancellation();
        ExecOptions options = new ExecOptions(1, Optional.empty(), Duration.ofSeconds(2));
        RunSession.Params params = new RunSession.Params(Map.of(), java.util.Set.of());
        String runId;

        Harness(Path root) {
            dir = new StateDir(root);
        }

        RunOutcome run(Workflow wf) throws Exception {
            try (RunSession s = RunSession.start(dir, wf, params, Map.of(), secrets, w -> events.lines.add("warn " + w))) {
                runId = s.runId();
                return executor(wf, s).execute();
            }
        }

        RunOutcome resume(Workflow wf, List<String> from, List<String> skip) throws Exception {
            try (RunSession s = RunSession.resume(dir, runId, wf, params, Map.of(), secrets, false, from, skip,
                    w -> events.lines.add("warn " + w))) {
                return executor(wf, s).execute();
            }
        }

        RunOutcome resumeForced(Workflow wf) throws Exception {
            try (RunSession s = RunSession.resume(dir, runId, wf, params, Map.of(), secrets, true, List.of(),
                    List.of(), w -> events.lines.add("warn " + w))) {
                return executor(wf, s).execute();
            }
        }

        Executor executor(Workflow wf, RunSession s) {
            return new Executor(wf, fake.registry(), Inputs.literal(), Map.of(), secrets, events, s.store(),
                    cancellation, options);
        }
    }
}
