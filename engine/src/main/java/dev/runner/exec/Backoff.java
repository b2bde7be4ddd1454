package dev.runner.exec;

import dev.runner.model.RetryPolicy;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: before attempt n+1 wait a uniform random time in
 * [0, min(maxBackoff, backoff * 2^(n-1))]. Full jitter spreads retries of many runners hitting the same API
 * server instead of having them retry in lockstep.
 */
public final class Backoff {
    private final RandomGenerator random;

    public Backoff(RandomGenerator random) {
        this.random = random;
    }

    /** The ceiling before the attempt after {@code failedAttempt} (1-based). */
    public static Duration cap(RetryPolicy p, int failedAttempt) {
        long base = p.backoff().toMillis();
        int shift = Math.min(failedAttempt - 1, 30);
        long exp = base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift;
        return Duration.ofMillis(Math.min(exp, p.maxBackoff().toMillis()));
    }

    public Duration delay(RetryPolicy p, int failedAttempt) {
        long cap = cap(p, failedAttempt).toMillis();
        return Duration.ofMillis(cap <= 0 ? 0 : random.nextLong(cap + 1));
    }
}
