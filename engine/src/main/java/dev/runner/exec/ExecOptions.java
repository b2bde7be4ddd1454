package dev.runner.exec;

import java.time.Duration;
import java.util.Optional;

/**
 * @param parallel   how many independent steps may run at once (1 = one after the other)
 * @param runTimeout the whole run's limit for this invocation, if any
 * @param grace      how long a cancelled step may take to wind down before the engine stops waiting for it
 */
public record ExecOptions(int parallel, Optional<Duration> runTimeout, Duration grace) {
    public static final ExecOptions DEFAULT = new ExecOptions(1, Optional.empty(), Duration.ofSeconds(10));

    public ExecOptions {
        if (parallel < 1) {
            throw new IllegalArgumentException("--parallel must be at least 1");
        }
    }

    public ExecOptions withParallel(int n) {
        return new ExecOptions(n, runTimeout, grace);
    }

    public ExecOptions withRunTimeout(Duration d) {
        return new ExecOptions(parallel, Optional.ofNullable(d), grace);
    }
}
