package dev.runner.exec;

import dev.runner.model.Step;
import dev.runner.step.StepException;

import java.util.Map;

/**
 * Late resolution of a step's {@code with} and {@code when} at the moment it starts, from params and the
 * outputs of finished steps ({@code outputs}: step id to its outputs, real values, persisted ones included).
 */
public interface Inputs {
    Map<String, Object> with(Step step, Map<String, Map<String, String>> outputs) throws StepException;

    boolean when(Step step, Map<String, Map<String, String>> outputs) throws StepException;

    /** No expressions: {@code with} as written, {@code when} true unless it is the text "false". For tests. */
    static Inputs literal() {
        return new Inputs() {
            @Override
            public Map<String, Object> with(Step step, Map<String, Map<String, String>> outputs) {
                return step.with();
            }

            @Override
            public boolean when(Step step, Map<String, Map<String, String>> outputs) {
                return step.when().map(w -> !w.trim().equals("false")).orElse(true);
            }
        };
    }
}
