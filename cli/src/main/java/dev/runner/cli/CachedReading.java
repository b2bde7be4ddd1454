package dev.runner.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A reading that is taken again only when the last one is older than its time to live. Concurrent callers share
 * one reading (the method is synchronized): a scrape storm or several Prometheus replicas cost one
 * {@code pgbackrest info} per interval, not one each.
 */
final class CachedReading<T> {
    private final Supplier<T> read;
    private final Duration ttl;
    private final Clock clock;
    private T last;
    private Instant takenAt;

    CachedReading(Supplier<T> read, Duration ttl, Clock clock) {
        this.read = read;
        this.ttl = ttl;
        this.clock = clock;
    }

    synchronized T get() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(takenAt.plus(ttl))) {
            last = read.get();
            takenAt = clock.instant();
        }
        return last;
    }
}
