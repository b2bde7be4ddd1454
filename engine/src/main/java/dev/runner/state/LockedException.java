package dev.runner.state;

import java.nio.file.Path;

/** Another run holds a lock this run needs (exit code 4). */
public class LockedException extends Exception {
    private final transient RunLock.Holder holder;

    public LockedException(Path file, RunLock.Holder holder) {
        super(holder == null
                ? "locked: " + file + " is held by another process"
                : holder.host().equals(Host.name())
                ? "locked by " + holder + " (" + file + ")"
                : "locked by " + holder + " (" + file + "); it cannot be checked from this host - if that run is"
                + " gone, empty or delete the file");
        this.holder = holder;
    }

    /** Held by {@code holder}, as {@code message} (which names it and where the lock is) says. */
    public LockedException(String message, RunLock.Holder holder) {
        super(message);
        this.holder = holder;
    }

    /** Something other than a lock holder stands in the way (e.g. a dead run's step that is still running). */
    public LockedException(String message) {
        super(message);
        this.holder = null;
    }

    public RunLock.Holder holder() {
        return holder;
    }
}
