package dev.runner.exec;

import dev.runner.step.StepContext;
import dev.runner.step.StepException;
import dev.runner.step.StepResult;
import dev.runner.step.StepType;

import java.time.Duration;
import java.util.Optional;

/**
 * One call of {@link StepType#run} on its own thread, so the engine can stop waiting for it: on timeout or
 * cancellation the step is told ({@code cancelled()}), interrupted, and given a grace period to clean up
 * (a shell step kills its process group) before the engine moves on.
 */
final class Attempt {
    private Attempt() {
    }

    static StepResult run(StepType type, StepContexts.Made made, Optional<Duration> timeout, Duration grace)
            throws StepException, InterruptedException {
        StepContext ctx = made.ctx();
        StepResult[] result = new StepResult[1];
        Throwable[] error = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                result[0] = type.run(ctx);
            } catch (Throwable e) {
                error[0] = e;
            }
        }, "step-" + ctx.stepId());
        t.setDaemon(true);
        t.start();
        try {
            if (timeout.isPresent()) {
                t.join(Math.max(1, timeout.get().toMillis()));
            } else {
                t.join();
            }
        } catch (InterruptedException e) {
            stop(t, made.stopped(), grace);
            throw e;
        }
        if (t.isAlive()) {
            stop(t, made.stopped(), grace);
            throw new StepException("timed out after " + Durations.human(timeout.orElseThrow()), true);
        }
        Throwable e = error[0];
        if (e == null) {
            return result[0] == null ? StepResult.ok("") : result[0];
        }
        if (e instanceof StepException se) {
            throw se;
        }
        if (e instanceof InterruptedException ie) {
            throw ie;
        }
        if (e instanceof RuntimeException re) {
            throw re;
        }
        if (e instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(e);
    }

    private static void stop(Thread t, java.util.concurrent.atomic.AtomicBoolean stopped, Duration grace) {
        stopped.set(true);
        t.interrupt();
        try {
            t.join(Math.max(1, grace.toMillis()));
        } catch (InterruptedException again) {
            Thread.currentThread().interrupt();
        }
    }
}
