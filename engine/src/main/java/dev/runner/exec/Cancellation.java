package dev.runner.exec;

import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The run-wide stop flag (Ctrl-C, SIGTERM, whole-run timeout). Steps see it through StepContext.cancelled(). */
public final class Cancellation {
    private volatile String reason;
    private volatile boolean interrupted;
    private final CopyOnWriteArrayList<Runnable> onCancel = new CopyOnWriteArrayList<>();

    /** Stops the run; {@code interrupted} true for a user stop (exit 3), false for the run timeout (exit 1). */
    public void cancel(String why, boolean userStop) {
        synchronized (this) {
            if (reason != null) {
                return;
            }
            interrupted = userStop;
            reason = why;
        }
        onCancel.forEach(Runnable::run);
    }

    public boolean cancelled() {
        return reason != null;
    }

    public boolean byUser() {
        return interrupted;
    }

    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    void onCancel(Runnable r) {
        onCancel.add(r);
        if (cancelled()) {
            r.run();
        }
    }
}
