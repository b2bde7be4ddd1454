package dev.runner.plan;

import dev.runner.model.Plural;
import java.nio.file.Path;
import java.util.List;

/**
 * A dry-run of a workflow: its parameters and steps in execution order, every value already masked.
 * Built by {@link Planner}; printed by {@link PlanText} and {@link PlanJson}.
 */
public record Plan(Path source, String name, String description, List<PlannedParam> params,
                   List<PlannedStep> steps) {

    public Plan {
        params = List.copyOf(params);
        steps = List.copyOf(steps);
    }

    public long count(PlannedStep.Status status) {
        return steps.stream().filter(s -> s.status() == status).count();
    }

    /** Steps that would change something, including those whose {@code when} is decided at run time. */
    public long changing() {
        return steps.stream().filter(PlannedStep::changes).count();
    }

    /** "4 steps: 2 will change, 1 skipped" (plus the steps that could not be planned, when there are any). */
    public String summary() {
        String s = Plural.of(steps.size(), "step") + ": " + changing() + " will change, "
                + count(PlannedStep.Status.SKIPPED) + " skipped";
        List<String> failed = steps.stream().filter(st -> st.status() == PlannedStep.Status.INVALID
                || st.status() == PlannedStep.Status.FAILED).map(PlannedStep::id).toList();
        return failed.isEmpty() ? s : s + ", " + failed.size() + " could not be planned: " + String.join(", ", failed);
    }
}
