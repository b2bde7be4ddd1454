package dev.runner.state;

import java.util.Locale;

/**
 * A step's state as recorded in the journal. RUNNING means "started, no finish recorded" (maybe half-done:
 * the process died). INTERRUPTED means the runner itself stopped it (Ctrl-C, the run's timeout) and saw it
 * end before it finished: like FAILED it runs again on resume.
 */
public enum StepStatus {
    RUNNING, SUCCEEDED, FAILED, SKIPPED, INTERRUPTED;

    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static StepStatus of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    /** Succeeded and skipped steps are final: resume never runs them again (unless --from asks). */
    public boolean done() {
        return this == SUCCEEDED || this == SKIPPED;
    }
}
