package dev.runner.exec;

import dev.runner.expr.Condition;
import dev.runner.expr.ExpressionException;
import dev.runner.expr.Interpolator;
import dev.runner.expr.Scope;
import dev.runner.model.Step;
import dev.runner.step.StepException;

import java.util.Map;

/** {@link Inputs} with the real expression language: {@code ${params.x}}, {@code ${steps.id.outputs.k}}, env, file. */
public final class ExprInputs implements Inputs {
    private final Interpolator interpolator = new Interpolator();
    private final Map<String, String> params;
    private final Map<String, String> env;

    public ExprInputs(Map<String, String> params, Map<String, String> env) {
        this.params = Map.copyOf(params);
        this.env = Map.copyOf(env);
    }

    private Scope scope(Step step, Map<String, Map<String, String>> outputs) {
        return new Scope(params, outputs, env, StepContexts.baseDir(step));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> with(Step step, Map<String, Map<String, String>> outputs) throws StepException {
        try {
            return (Map<String, Object>) interpolator.resolve(step.with(), scope(step, outputs));
        } catch (ExpressionException e) {
            throw new StepException("with: " + e.getMessage(), false, e);
        }
    }

    @Override
    public boolean when(Step step, Map<String, Map<String, String>> outputs) throws StepException {
        if (step.when().isEmpty()) {
            return true;
        }
        Scope scope = scope(step, outputs);
        try {
            return Condition.parse(step.when().get()).evaluate(ref -> interpolator.lookup(ref, scope));
        } catch (ExpressionException e) {
            throw new StepException(e.getMessage(), false, e);
        }
    }
}
