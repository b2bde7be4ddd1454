package dev.runner.state;

import java.io.IOException;
import java.util.Optional;

/** A held lock (a lock file, or a Lease in the API server); released by {@link #close}. */
public interface TargetLock extends AutoCloseable {
    /** A lock that guards nothing more than another lock already does (see {@link StateBackend#lockRun}). */
    TargetLock NONE = new TargetLock() {
        @Override
        public Optional<RunLock.Holder> takenOverFrom() {
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    };

    /** The dead or expired holder this lock was taken over from, if it was. */
    Optional<RunLock.Holder> takenOverFrom();

    @Override
    void close() throws IOException;
}
