package dev.runner.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One step of a {@link Plan}.
 *
 * @param number  1-based position in execution order
 * @param with    the resolved {@code with} (secrets masked, outputs of earlier steps as placeholders)
 * @param action  the step type's one-line plan, or why the step is skipped / could not be planned
 * @param details the step type's detail lines
 */
public record PlannedStep(int number, String id, String type, List<String> needs, Optional<String> when,
                          Status status, Map<String, Object> with, String action, List<String> details) {

    public enum Status {
        /** Would run and change something. */
        CHANGE,
        /** Would run and find everything in place. */
        NO_CHANGE,
        /** Its {@code when} is false at plan time. */
        SKIPPED,
        /** Its inputs cannot be resolved (unset variable, missing file, bad condition): invalid input. */
        INVALID,
        /** The step type could not plan it (e.g. the cluster is unreachable). */
        FAILED
    }

    public PlannedStep {
        needs = List.copyOf(needs);
        details = List.copyOf(details);
    }

    public boolean changes() {
        return status == Status.CHANGE;
    }
}
