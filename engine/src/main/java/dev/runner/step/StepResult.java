package dev.runner.step;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Outputs of a finished step, available to later steps as {@code ${steps.ID.outputs.KEY}}.
 * Keys in {@code secretOutputs} are masked in logs/state/plan like secret params.
 */
public record StepResult(Map<String, String> outputs, Set<String> secretOutputs, String summary) {

    public StepResult {
        outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        secretOutputs = Set.copyOf(secretOutputs);
    }

    public static StepResult ok(String summary) {
        return new StepResult(Map.of(), Set.of(), summary);
    }

    public static StepResult of(Map<String, String> outputs, String summary) {
        return new StepResult(outputs, Set.of(), summary);
    }
}
