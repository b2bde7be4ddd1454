package dev.runner.step;

import java.util.List;

/**
 * What a step would do: a one-line {@code action} ("create Secret hasura/backup") and optional detail
 * lines (a unified diff, the command to run). {@code changes} is false when the step would find
 * everything already in place.
 */
public record StepPlan(String action, List<String> details, boolean changes) {

    public StepPlan {
        details = List.copyOf(details);
    }

    public static StepPlan of(String action) {
        return new StepPlan(action, List.of(), true);
    }

    public static StepPlan of(String action, List<String> details) {
        return new StepPlan(action, details, true);
    }

    public static StepPlan noChange(String action) {
        return new StepPlan(action, List.of(), false);
    }
}
