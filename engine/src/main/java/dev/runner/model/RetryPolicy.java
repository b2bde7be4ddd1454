package dev.runner.model;

import java.time.Duration;

/** Retry with exponential backoff and jitter; {@code attempts} counts the first try. */
public record RetryPolicy(int attempts, Duration backoff, Duration maxBackoff) {
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(30));
}
