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

/**
 * One call of {@link StepType#run}. Without a timeout it runs on the calling (step) thread, which run
 * cancellation interrupts. With a timeout it runs on a helper thread so the engine can stop waiting: the step
 * is told ({@code cancelled()}), interrupted, and given a grace period to clean up (a shell step kills its
 * process group) before the attempt counts as timed out.
 */
final class Attempt {
    private Attempt() {
    }

    static StepResult run(StepType type, StepContexts.Made made, Optional<Duration> timeout, Duration grace,
                          ExecutorService helpers) throws StepException, InterruptedException {
        StepContext ctx = made.ctx();
        if (timeout.isEmpty()) {
            return orEmpty(type.run(ctx));
        }
        CountDownLatch ended = new CountDownLatch(1);
        Future<StepResult> f = helpers.submit(() -> {
            try {
                return type.run(ctx);
            } finally {
                ended.countDown();
            }
        });
        try {
            return orEmpty(f.get(Math.max(1, timeout.get().toMillis()), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            stop(f, made, ended, grace);
            throw new StepException("timed out after " + Durations.human(timeout.get()), true);
        } catch (InterruptedException e) {
            stop(f, made, ended, grace);
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

    private static void stop(Future<?> f, StepContexts.Made made, CountDownLatch ended, Duration grace) {
        made.stopped().set(true);
        f.cancel(true);
        try {
            ended.await(Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException again) {
            Thread.currentThread().interrupt();
        }
    }
}
