package dev.runner.plan;

import dev.runner.expr.ExpressionException;
import dev.runner.expr.Interpolator;
import dev.runner.expr.Scope;
import dev.runner.load.BoundParams;
import dev.runner.model.Param;
import dev.runner.model.Secrets;
import dev.runner.model.Step;
import dev.runner.model.Workflow;
import dev.runner.step.BasicStepContext;
import dev.runner.step.Services;
import dev.runner.step.InvalidInputException;
import dev.runner.step.StepException;
import dev.runner.step.StepLog;
import dev.runner.step.StepPlan;
import dev.runner.step.StepRegistry;
import dev.runner.step.StepType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds a {@link Plan}: steps in execution order with their inputs resolved as far as they can be
 * before anything runs, {@code when} decided where it depends only on params and the environment, and
 * each step type's own description of what it would do. Writes nothing.
 */
public final class Planner {
    private final StepRegistry registry;
    private final Interpolator interpolator = new Interpolator();

    public Planner(StepRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param settings cluster settings handed to step types ({@code kubeconfig}, {@code context}, ...)
     * @param logs     where a step type's messages during planning go, by step id
     */
    public Plan plan(Workflow wf, BoundParams params, Map<String, String> settings, Map<String, String> env,
            Function<String, StepLog> logs) {
        Secrets secrets = new Secrets();
        params.secretValues().forEach(secrets::add);
        PendingOutputs pending = new PendingOutputs(wf.steps().stream().map(Step::id).collect(Collectors.toSet()));
        List<PlannedStep> steps = new ArrayList<>();
        try (Services services = new Services()) {
            int n = 0;
            for (String id : Dag.of(wf.steps()).order()) {
                Step step = wf.step(id).orElseThrow();
                Path baseDir = step.pos().file().toAbsolutePath().getParent();
                Scope scope = new Scope(params.values(), pending, env, baseDir);
                StepPlanning planning = new StepPlanning(step, ++n, scope);
                steps.add(planning.plan(settings, logs.apply(id), secrets, services));
            }
        }
        List<PlannedParam> planned = new ArrayList<>();
        for (Param p : wf.params().values()) {
            boolean secret = params.secretNames().contains(p.name());
            Optional<String> value = Optional.ofNullable(params.values().get(p.name()));
            planned.add(new PlannedParam(p.name(), p.type().yamlName(),
                    secret ? value.map(v -> Secrets.MASK) : value.map(secrets::mask), secret, p.description(),
                    params.source(p.name()).toString()));
        }
        return new Plan(wf.source(), wf.name(), wf.description(), planned,
                steps.stream().map(s -> masked(s, secrets)).toList());
    }

    /** Plans one step; every failure becomes the step's status rather than an exception. */
    private final class StepPlanning {
        private final Step step;
        private final int number;
        private final Scope scope;
        private Optional<String> when = Optional.empty();
        private Map<String, Object> with = Map.of();

        StepPlanning(Step step, int number, Scope scope) {
            this.step = step;
            this.number = number;
            this.scope = scope;
        }

        PlannedStep plan(Map<String, String> settings, StepLog log, Secrets secrets, Services services) {
            try {
                if (!decideWhen()) {
                    return result(PlannedStep.Status.SKIPPED, "skipped: the condition is false", List.of());
                }
                with = resolvedWith();
            } catch (ExpressionException e) {
                return result(PlannedStep.Status.INVALID, e.getMessage(), List.of());
            }
            StepType type = registry.find(step.type()).orElse(null);
            if (type == null) {
                return result(PlannedStep.Status.INVALID, "unknown step type " + step.type(), List.of());
            }
            try {
                StepPlan p = type.plan(BasicStepContext.forPlan(step.id(), with, scope.baseDir(), settings, log,
                        secrets, services));
                return result(p.changes() ? PlannedStep.Status.CHANGE : PlannedStep.Status.NO_CHANGE, p.action(),
                        p.details());
            } catch (InvalidInputException e) {
                return result(PlannedStep.Status.INVALID, "invalid input: " + e.getMessage(), List.of());
            } catch (StepException | RuntimeException e) {
                return result(PlannedStep.Status.FAILED, "cannot plan: " + e.getMessage(), List.of());
            }
        }

        /** False when the condition can be decided now and is false. */
        private boolean decideWhen() {
            if (step.when().isEmpty()) {
                return true;
            }
            String text = step.when().get();
            Optional<Boolean> runs = PlanTimeCondition.decide(text, scope, interpolator);
            when = Optional.of(text + " (" + runs.map(String::valueOf).orElse("decided at run time") + ")");
            return runs.orElse(true);
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> resolvedWith() {
            return (Map<String, Object>) interpolator.resolve(step.with(), scope);
        }

        private PlannedStep result(PlannedStep.Status status, String action, List<String> details) {
            return new PlannedStep(number, step.id(), step.type(), step.needs(), when, status, with, action,
                    details);
        }
    }

    private static PlannedStep masked(PlannedStep s, Secrets secrets) {
        @SuppressWarnings("unchecked")
        Map<String, Object> with = (Map<String, Object>) maskDeep(s.with(), secrets);
        return new PlannedStep(s.number(), s.id(), s.type(), s.needs(), s.when().map(secrets::mask), s.status(),
                with, secrets.mask(s.action()), s.details().stream().map(secrets::mask).toList());
    }

    private static Object maskDeep(Object value, Secrets secrets) {
        if (value instanceof String s) {
            return secrets.mask(s);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), maskDeep(v, secrets)));
            return out;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(v -> maskDeep(v, secrets)).toList();
        }
        return value;
    }
}
