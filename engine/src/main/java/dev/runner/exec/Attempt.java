package dev.runner.exec;

import dev.runner.step.StepContext;
import dev.runner.step.StepException;
import dev.runner.step.StepResult;
import dev.runner.step.StepType;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One call of {@link StepType#run}. Without a timeout it runs on the calling (step) thread, which run
 * cancellation interrupts. With a timeout it runs on a helper thread so the engine can stop waiting: the step
 * is told ({@code cancelled()}), interrupted, and given a grace period to clean up (a shell step kills its
 * process group) before the attempt counts as timed out.
 */
final class Attempt {
    private Attempt() {
    }

    /** The step was told to stop but had not ended when the grace period ran out: it may still be acting. */
    static final class StillRunning extends InterruptedException {
        StillRunning(String message) {
            super(message);
        }
    }

    static StepResult run(StepType type, StepContexts.Made made, Optional<Duration> timeout, Duration grace,
                          ExecutorService helpers) throws StepException, InterruptedException {
        StepContext ctx = made.ctx();
        if (timeout.isEmpty()) {
            return orEmpty(type.run(ctx));
        }
        CountDownLatch ended = new CountDownLatch(1);
        AtomicBoolean claimed = new AtomicBoolean();
        Future<StepResult> f = helpers.submit(() -> {
            if (!claimed.compareAndSet(false, true)) {
                return null; // stopped before it began: the step never ran
            }
            try {
                return type.run(ctx);
            } finally {
                ended.countDown();
            }
        });
        try {
            return orEmpty(f.get(Math.max(1, timeout.get().toMillis()), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            String timedOut = "timed out after " + Durations.human(timeout.get());
            if (!stop(f, made, claimed, ended, grace)) {
                throw new StillRunning(timedOut + " and did not stop within " + Durations.human(grace));
            }
            throw new StepException(timedOut, true);
        } catch (InterruptedException e) {
            if (!stop(f, made, claimed, ended, grace)) {
                throw new StillRunning("did not stop within " + Durations.human(grace));
            }
            throw e;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof StepException se) {
                throw se;
            }
            if (c instanceof InterruptedException ie) {
                throw ie;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }

    private static StepResult orEmpty(StepResult r) {
        return r == null ? StepResult.ok("") : r;
    }

    /**
     * Waits for the step's end only if it began: a task stopped before its thread picked it up never runs
     * (claimed here first), so there is nothing to wait for - waiting would park the caller for the grace.
     * Returns whether the step has ended (or never began).
     */
    private static boolean stop(Future<?> f, StepContexts.Made made, AtomicBoolean claimed, CountDownLatch ended,
                             Duration grace) {
        made.stopped().set(true);
        f.cancel(true);
        if (claimed.compareAndSet(false, true)) {
            return true;
        }
        try {
            return ended.await(Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException again) {
            Thread.currentThread().interrupt();
            return ended.getCount() == 0;
        }
    }
}
