package dev.runner.exec;

import dev.runner.model.RetryPolicy;
import dev.runner.model.Step;
import dev.runner.state.Event;
import dev.runner.state.StepStatus;
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
 * Takes one step from "ready" to an outcome: {@code when}, late interpolation, then attempts with
 * retry/backoff and per-attempt timeout. Every attempt is recorded as started, durably, before the step type
 * is called. (A step left half-done by a dead process is judged before the run goes on: {@link InterruptedSteps}.)
 */
final class StepTask implements Callable<StepTask.Done> {

    /**
     * {@code status} RUNNING: left unfinished with no finish recorded (it did not end in time, or it needs a
     * decision: {@code attention}); INTERRUPTED: the run was stopped and the step ended before it finished.
     */
    record Done(Step step, StepStatus status, String error, boolean attention) {
    }

    private final Run run;
    private final Step step;
    private int attempt;

    StepTask(Run run, Step step, int previousAttempt) {
        this.run = run;
        this.step = step;
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
            if (!run.inputs.when(step, run.outputs)) {
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
        return attempts(type, with, t0);
    }

    private Done attempts(StepType type, Map<String, Object> with, Instant t0) {
        RetryPolicy policy = step.retry().or(() -> run.workflow.defaultRetry()).orElse(RetryPolicy.NONE);
        java.util.Optional<Duration> timeout = step.timeout().or(() -> run.workflow.defaultTimeout());
        for (int n = 1; ; n++) {
            attempt++;
            Instant started = Instant.now();
            run.record(Event.stepStarted(started.toString(), step.id(), attempt));
            run.listener.stepStarted(step, attempt);
            StepContexts.Made ctx = StepContexts.make(run, step, with, timeout, attempt);
            try {
                StepResult r = Attempt.run(type, ctx, timeout, run.options.grace(), run.helpers);
                return succeed(r, started, t0);
            } catch (Attempt.StillRunning e) {
                // no finish recorded: it may still act until this process exits; resume asks observe()
                return new Done(step, StepStatus.RUNNING, "step '" + step.id() + "' " + e.getMessage(),
                        !run.cancellation.cancelled());
            } catch (InterruptedException e) {
                return stopped(started, t0);
            } catch (StepException e) {
                if (run.cancellation.cancelled()) {
                    return stopped(started, t0);
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
                    return stopped(started, t0);
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

    /** The effect of an interrupted attempt is in place (its step type observed it): record the step as succeeded. */
    Done observedDone(Map<String, String> outputs, String reason) {
        Instant now = Instant.now();
        return succeed(new StepResult(outputs, java.util.Set.of(), "observed: " + reason), now, now);
    }

    /** The run was stopped and this step has ended without finishing: say so in the journal and the summary. */
    private Done stopped(Instant started, Instant t0) {
        String why = run.cancellation.reason().orElse("interrupted");
        run.recordLater(Event.stepFinished(Run.now(), step.id(), Math.max(attempt, 1), StepStatus.INTERRUPTED,
                started.toString(), null, List.of(), why, null));
        run.listener.stepFinished(step, StepStatus.INTERRUPTED, attempt, Duration.between(t0, Instant.now()), why,
                Map.of());
        return new Done(step, StepStatus.INTERRUPTED, why, false);
    }

    private Done fail(Instant started, String error, Instant t0) {
        run.recordLater(Event.stepFinished(Run.now(), step.id(), attempt, StepStatus.FAILED, started.toString(), null,
                List.of(), error, null));
        run.listener.stepFinished(step, StepStatus.FAILED, attempt, Duration.between(t0, Instant.now()), error, Map.of());
        return new Done(step, StepStatus.FAILED, error, false);
    }

}
