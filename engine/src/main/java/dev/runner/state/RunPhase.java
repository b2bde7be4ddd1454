package dev.runner.state;

import java.util.Locale;

/** A run's state. RUNNING in a journal whose lock is free means the process died (shown as "crashed"). */
public enum RunPhase {
    RUNNING, SUCCEEDED, FAILED, INTERRUPTED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunPhase of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
