package dev.runner.plan;

import dev.runner.expr.Condition;
import dev.runner.expr.Interpolator;
import dev.runner.expr.Scope;
import java.util.Optional;

/** A step's {@code when} as far as it can be decided before anything runs. */
final class PlanTimeCondition {
    private PlanTimeCondition() {
    }

    /** True/false when the condition depends only on params and the environment; empty when on step outputs. */
    static Optional<Boolean> decide(String when, Scope scope, Interpolator interpolator) {
        Condition c = Condition.parse(when);
        if (c.references().stream().anyMatch(r -> r.trim().startsWith("steps."))) {
            return Optional.empty();
        }
        return Optional.of(c.evaluate(ref -> interpolator.lookup(ref, scope)));
    }
}
