package dev.runner.exec;

import dev.runner.model.Step;
import dev.runner.state.StepStatus;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges every step an earlier invocation left unfinished, all of them before anything runs, so that a
 * refusal cannot come after other steps have already acted, and names every step it refuses at once.
 *
 * <p>Each is {@code observe}d: effect in place -> recorded as succeeded; not in place -> it runs. When its
 * step type cannot tell: a step the runner itself stopped ({@code interrupted}: it saw the step end before
 * it finished, the same knowledge as for a failed step) runs again; one left {@code running} by a dead process
 * may have finished its effect unrecorded, so it runs again only if it is idempotent, else resume stops and
 * asks for {@code --skip} or {@code --from}.
 */
final class InterruptedSteps {
    private InterruptedSteps() {
    }

    /** Records the observed-done ones as succeeded (in {@code status} too); returns the refusal, if any. */
    static Optional<String> judge(Run run, Map<String, StepStatus> status, Map<String, Integer> attempts,
                                  Set<String> crashed, Set<String> stopped) {
        List<String> refused = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (Step step : run.workflow.steps()) {
            boolean died = crashed.contains(step.id());
            if (!died && !stopped.contains(step.id())) {
                continue;
            }
            if (run.cancellation.cancelled()) {
                return Optional.of(run.cancellation.reason().orElse("interrupted"));
            }
            StepType type = run.registry.find(step.type()).orElse(null);
            Observation o = observe(run, step, type);
            String how = died ? "was interrupted last time" : "was stopped last time before it finished";
            switch (o.state()) {
                case DONE -> {
                    run.listener.message(false, step.id() + ": " + how + "; its effect is in place (" + o.reason()
                            + "), marking it succeeded");
                    new StepTask(run, step, attempts.getOrDefault(step.id(), 0)).observedDone(o.outputs(), o.reason());
                    status.put(step.id(), StepStatus.SUCCEEDED);
                }
                case NOT_DONE -> run.listener.message(false, step.id() + ": " + how + " before it took effect ("
                        + o.reason() + "); running it");
                default -> {
                    boolean idempotent = type == null || step.idempotent().orElse(type.idempotent());
                    if (!died) {
                        run.listener.message(false, step.id() + ": " + how + " (" + o.reason() + "); running it again");
                    } else if (idempotent) {
                        run.listener.message(true, step.id() + ": " + how + " and its effect cannot be checked ("
                                + o.reason() + "); it is idempotent, running it again");
                    } else {
                        refused.add(step.id());
                        reasons.add(o.reason());
                    }
                }
            }
        }
        return refused.isEmpty() ? Optional.empty() : Optional.of(refusal(run.store.state().runId(), refused, reasons));
    }

    private static Observation observe(Run run, Step step, StepType type) {
        if (type == null) {
            return Observation.unknown("unknown step type '" + step.type() + "'");
        }
        try {
            var ctx = StepContexts.make(run, step, run.inputs.with(step, run.outputs), step.timeout()).ctx();
            return type.observe(ctx);
        } catch (StepException e) {
            return Observation.unknown("observe failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Observation.unknown("interrupted while checking");
        }
    }

    private static String refusal(String runId, List<String> ids, List<String> reasons) {
        StringBuilder sb = new StringBuilder();
        boolean one = ids.size() == 1;
        sb.append(one ? "step " : "steps ").append(quoted(ids)).append(one ? " was" : " were")
                .append(" interrupted while running and whether ").append(one ? "it" : "they")
                .append(" took effect cannot be checked (");
        for (int i = 0; i < ids.size(); i++) {
            sb.append(i > 0 ? "; " : "").append(one ? "" : ids.get(i) + ": ").append(reasons.get(i));
        }
        sb.append("). ").append(one ? "It is" : "They are").append(" not idempotent, so nothing runs again blindly."
                + " Check by hand, then for each step either `--skip STEP` (it took effect) or `--from STEP` (run it"
                + " again), e.g. `runner resume ").append(runId);
        for (String id : ids) {
            sb.append(" --skip ").append(id);
        }
        sb.append("` or `runner resume ").append(runId);
        for (String id : ids) {
            sb.append(" --from ").append(id);
        }
        return sb.append('`').toString();
    }

    private static String quoted(List<String> ids) {
        List<String> q = ids.stream().map(id -> "'" + id + "'").toList();
        return q.size() == 1 ? q.get(0)
                : String.join(", ", q.subList(0, q.size() - 1)) + " and " + q.get(q.size() - 1);
    }
}
