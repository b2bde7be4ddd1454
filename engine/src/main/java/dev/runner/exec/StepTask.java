package dev.runner.exec;

import dev.runner.model.RetryPolicy;
import dev.runner.model.Step;
import dev.runner.state.Event;
import dev.runner.state.StepStatus;
import dev.runner.step.Observation;
import dev.runner.step.StepContext;
import dev.runner.step.StepException;
import dev.runner.step.StepResult;
import dev.runner.step.StepType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Takes one step from "ready" to an outcome: observe (if a previous process left it half-done), {@code when},
 * late interpolation, then attempts with retry/backoff and per-attempt timeout. Every attempt is recorded
 * as started, durably, before the step type is called.
 */
final class StepTask implements Callable<StepTask.Done> {

    /** {@code status} RUNNING: left unfinished (interrupted, or it needs a decision: {@code attention}). */
    record Done(Step step, StepStatus status, String error, boolean attention) {
    }

    private final Run run;
    private final Step step;
    private final boolean observeFirst;
    private int attempt;

    StepTask(Run run, Step step, boolean observeFirst, int previousAttempt) {
        this.run = run;
        this.step = step;
        this.observeFirst = observeFirst;
        this.attempt = previousAttempt;
    }

    @Override
    public Done call() {
        Instant t0 = Instant.now();
        StepType type = run.registry.find(step.type()).orElse(null);
        if (type == null) {
            return fail(t0, "unknown step type '" + step.type() + "'", t0);
        }
        Map<String, Object> with;
        try {
            if (!observeFirst && !run.inputs.when(step, run.outputs)) {
                run.recordLater(Event.stepFinished(Run.now(), step.id(), attempt, StepStatus.SKIPPED, null, null, null,
                        null, "when is false"));
                run.listener.stepFinished(step, StepStatus.SKIPPED, attempt, Duration.ZERO, "when: " + step.when().orElse(""),
                        Map.of());
                return new Done(step, StepStatus.SKIPPED, null, false);
            }
            with = run.inputs.with(step, run.outputs);
        } catch (StepException e) {
            return fail(t0, e.getMessage(), t0);
        }
        if (observeFirst) {
            Done d = observe(type, with, t0);
            if (d != null) {
                return d;
            }
        }
        return attempts(type, with, t0);
    }

    /** Returns an outcome, or null when the step should simply run. */
    private Done observe(StepType type, Map<String, Object> with, Instant t0) {
        StepContext ctx = StepContexts.make(run, step, with, step.timeout()).ctx();
        Observation o;
        try {
            o = type.observe(ctx);
        } catch (StepException e) {
            o = Observation.unknown("observe failed: " + e.getMessage());
        } catch (InterruptedException e) {
            return new Done(step, StepStatus.RUNNING, "interrupted", false);
        }
        switch (o.state()) {
            case DONE -> {
                run.listener.message(false, step.id() + ": was interrupted last time; its effect is in place ("
                        + o.reason() + "), marking it succeeded");
                return succeed(new StepResult(o.outputs(), java.util.Set.of(), "observed: " + o.reason()), t0, t0);
            }
            case NOT_DONE -> {
                run.listener.message(false, step.id() + ": was interrupted last time before it took effect ("
                        + o.reason() + "); running it");
                return null;
            }
            default -> {
                boolean idem = step.idempotent().orElse(type.idempotent());
                if (idem) {
                    run.listener.message(true, step.id() + ": was interrupted last time and its effect cannot be"
                            + " checked (" + o.reason() + "); it is idempotent, running it again");
                    return null;
                }
                String runId = run.store.state().runId();
                return new Done(step, StepStatus.RUNNING, "step '" + step.id() + "' was interrupted while running"
                        + " and whether it took effect cannot be checked (" + o.reason() + "). It is not idempotent,"
                        + " so it is not run again blindly. Check by hand, then either `runner resume " + runId
                        + " --skip " + step.id() + "` (it took effect) or `runner resume " + runId + " --from "
                        + step.id() + "` (run it again)", true);
            }
        }
    }

    private Done attempts(StepType type, Map<String, Object> with, Instant t0) {
        RetryPolicy policy = step.retry().or(() -> run.workflow.defaultRetry()).orElse(RetryPolicy.NONE);
        java.util.Optional<Duration> timeout = step.timeout().or(() -> run.workflow.defaultTimeout());
        for (int n = 1; ; n++) {
            attempt++;
            Instant started = Instant.now();
            run.record(Event.stepStarted(started.toString(), step.id(), attempt));
            run.listener.stepStarted(step, attempt);
            StepContexts.Made ctx = StepContexts.make(run, step, with, timeout);
            try {
                StepResult r = Attempt.run(type, ctx, timeout, run.options.grace(), run.helpers);
                return succeed(r, started, t0);
            } catch (InterruptedException e) {
                // no finish recorded: the effect is unknown, resume asks observe()
                return new Done(step, StepStatus.RUNNING, "interrupted", false);
            } catch (StepException e) {
                if (run.cancellation.cancelled()) {
                    return new Done(step, StepStatus.RUNNING, "interrupted", false);
                }
                if (!e.retryable() || n >= policy.attempts()) {
                    String msg = e.getMessage() + (n > 1 ? " (after " + n + " attempts)" : "");
                    return fail(started, msg, t0);
                }
                Duration d = run.backoff.delay(policy, n);
                run.listener.stepRetry(step, attempt, d, e.getMessage());
                run.recordLater(Event.stepFinished(Run.now(), step.id(), attempt, StepStatus.FAILED, started.toString(),
                        null, null, e.getMessage(), "will retry"));
                if (!sleep(d)) {
                    return new Done(step, StepStatus.RUNNING, "interrupted", false);
                }
            } catch (RuntimeException e) {
                return fail(started, "step type " + type.name() + " failed unexpectedly: " + e, t0);
            }
        }
    }

    private boolean sleep(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        try {
            while (!run.cancellation.cancelled()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                Thread.sleep(Math.min(left / 1_000_000 + 1, 100));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private Done succeed(StepResult r, Instant started, Instant t0) {
        List<String> secretOutputs = secretOutputs(r);
        for (String k : secretOutputs) {
            run.secrets.add(r.outputs().get(k));
        }
        run.outputs.put(step.id(), r.outputs());
        run.recordLater(Event.stepFinished(Run.now(), step.id(), Math.max(attempt, 1), StepStatus.SUCCEEDED,
                started.toString(), r.outputs(), secretOutputs, null, r.summary()));
        run.listener.stepFinished(step, StepStatus.SUCCEEDED, attempt, Duration.between(t0, Instant.now()), r.summary(),
                r.outputs());
        return new Done(step, StepStatus.SUCCEEDED, null, false);
    }

    /**
     * The declared secret outputs and every output that contains a known secret (a URL with a token in
     * it): such a value is stored masked, so it must be treated as secret, never handed on as {@code ***}
     * after a resume (it is read back with observe, or resume asks for {@code --from} this step).
     */
    private List<String> secretOutputs(StepResult r) {
        List<String> out = new ArrayList<>(r.secretOutputs());
        r.outputs().forEach((k, v) -> {
            if (!out.contains(k) && v != null && !run.secrets.mask(v).equals(v)) {
                out.add(k);
            }
        });
        return out;
    }

    private Done fail(Instant started, String error, Instant t0) {
        run.recordLater(Event.stepFinished(Run.now(), step.id(), attempt, StepStatus.FAILED, started.toString(), null,
                List.of(), error, null));
        run.listener.stepFinished(step, StepStatus.FAILED, attempt, Duration.between(t0, Instant.now()), error, Map.of());
        return new Done(step, StepStatus.FAILED, error, false);
    }

}
