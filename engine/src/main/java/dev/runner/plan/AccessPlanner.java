package dev.runner.plan;

import dev.runner.expr.ExpressionException;
import dev.runner.expr.Interpolator;
import dev.runner.expr.Scope;
import dev.runner.load.BoundParams;
import dev.runner.model.Step;
import dev.runner.model.Workflow;
import dev.runner.step.AccessArgs;
import dev.runner.step.ApiAccess;
import dev.runner.step.StepRegistry;
import dev.runner.step.StepType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Kubernetes API access each step of a workflow declares ({@link StepType#apiAccess}), with its inputs
 * resolved as for {@code runner plan}: steps whose {@code when} is false with these params need nothing; a step
 * whose condition depends on another step's output may run, so its access counts. Touches no cluster.
 */
public final class AccessPlanner {
    /** One step's declared access and what it could not tell before the run. */
    public record StepAccess(String stepId, String type, List<ApiAccess> access, List<String> unknowns) {
    }

    private final StepRegistry registry;
    private final Interpolator interpolator = new Interpolator();

    public AccessPlanner(StepRegistry registry) {
        this.registry = registry;
    }

    public List<StepAccess> plan(Workflow wf, BoundParams params, Map<String, String> env) {
        PendingOutputs pending = new PendingOutputs(wf.steps().stream().map(Step::id).collect(Collectors.toSet()));
        List<StepAccess> out = new ArrayList<>();
        for (String id : Dag.of(wf.steps()).order()) {
            Step step = wf.step(id).orElseThrow();
            Scope scope = new Scope(params.values(), pending, env, step.pos().file().toAbsolutePath().getParent());
            List<String> unknowns = new ArrayList<>();
            try {
                if (step.when().isPresent()
                        && !PlanTimeCondition.decide(step.when().get(), scope, interpolator).orElse(true)) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> with = (Map<String, Object>) interpolator.resolve(step.with(), scope);
                StepType type = registry.find(step.type()).orElse(null);
                if (type == null) {
                    unknowns.add("unknown step type " + step.type());
                    out.add(new StepAccess(id, step.type(), List.of(), unknowns));
                    continue;
                }
                List<ApiAccess> access = type.apiAccess(new Args(id, with, scope.baseDir(), unknowns));
                out.add(new StepAccess(id, step.type(), List.copyOf(access), List.copyOf(unknowns)));
            } catch (ExpressionException e) {
                out.add(new StepAccess(id, step.type(), List.of(), List.of(e.getMessage())));
            }
        }
        return out;
    }

    private record Args(String stepId, Map<String, Object> with, Path baseDir, List<String> unknowns)
            implements AccessArgs {
        @Override
        public boolean known(Object value) {
            if (value instanceof Map<?, ?> m) {
                return m.values().stream().allMatch(this::known);
            }
            if (value instanceof List<?> l) {
                return l.stream().allMatch(this::known);
            }
            return !(value instanceof String s) || !PendingOutputs.pending(s);
        }

        @Override
        public void cannotTell(String what) {
            unknowns.add(what);
        }
    }
}
