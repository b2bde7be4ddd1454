package dev.runner.k8s.cluster;

import dev.runner.step.StepContext;
import dev.runner.step.StepException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting with a deadline that honours cancellation. The deadline is the step's timeout less a small margin, so
 * the step itself reports why it gave up before the executor interrupts it.
 */
public final class Waits {
    private static final long TICK_MS = 200;

    private Waits() {
    }

    public record Deadline(long nanos, Duration total) {
        public Duration remaining() {
            return Duration.ofNanos(Math.max(0, nanos - System.nanoTime()));
        }

        public boolean expired() {
            return System.nanoTime() >= nanos;
        }
    }

    public static Deadline deadline(StepContext ctx, Duration dflt) {
        Duration total = ctx.timeout().orElse(dflt);
        Duration margin = total.dividedBy(20).compareTo(Duration.ofSeconds(2)) > 0 ? Duration.ofSeconds(2)
                : total.dividedBy(20);
        return new Deadline(System.nanoTime() + total.minus(margin).toNanos(), total);
    }

    /** A check run while waiting; it ends the wait early by throwing (e.g. a rollout that cannot succeed). */
    @FunctionalInterface
    public interface Check {
        void run() throws StepException, InterruptedException;
    }

    /** Waits for {@code f}; on timeout or cancellation the future is cancelled (closing its watch). */
    public static <T> T await(StepContext ctx, CompletableFuture<T> f, Deadline d)
            throws InterruptedException, TimeoutException, ExecutionException {
        try {
            return await(ctx, f, d, Duration.ofDays(1), () -> { });
        } catch (StepException e) {
            throw new IllegalStateException("a no-op check failed", e);
        }
    }

    /** {@link #await(StepContext, CompletableFuture, Deadline)}, running {@code check} every {@code every}. */
    public static <T> T await(StepContext ctx, CompletableFuture<T> f, Deadline d, Duration every, Check check)
            throws InterruptedException, TimeoutException, ExecutionException, StepException {
        long nextCheck = System.nanoTime() + every.toNanos();
        try {
            while (true) {
                if (ctx.cancelled()) {
                    throw new InterruptedException("cancelled");
                }
                if (d.expired()) {
                    throw new TimeoutException("timed out after " + d.total());
                }
                if (System.nanoTime() >= nextCheck) {
                    check.run();
                    nextCheck = System.nanoTime() + every.toNanos();
                }
                try {
                    return f.get(Math.min(TICK_MS, Math.max(1, d.remaining().toMillis())), TimeUnit.MILLISECONDS);
                } catch (TimeoutException tick) {
                    // next tick
                }
            }
        } finally {
            if (!f.isDone()) {
                f.cancel(true);
            }
        }
    }

    /** Sleeps {@code interval} (or less, up to the deadline), waking early on cancellation. */
    public static void pause(StepContext ctx, Duration interval, Deadline d) throws InterruptedException {
        long until = System.nanoTime() + Math.min(interval.toNanos(), d.remaining().toNanos());
        while (System.nanoTime() < until) {
            if (ctx.cancelled()) {
                throw new InterruptedException("cancelled");
            }
            Thread.sleep(Math.max(1, Math.min(TICK_MS, (until - System.nanoTime()) / 1_000_000)));
        }
    }
}
