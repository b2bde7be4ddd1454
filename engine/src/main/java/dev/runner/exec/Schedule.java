package dev.runner.exec;

import dev.runner.model.Step;
import dev.runner.model.Workflow;
import dev.runner.state.StepStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which steps may start: a step is ready when every step it needs succeeded, was skipped, or failed with
 * continueOnError. Ready steps come out in declaration order. Counting unmet needs keeps this linear in
 * steps + edges (rescanning all steps after each finish would be quadratic on large workflows).
 */
final class Schedule {
    private final List<Step> steps;
    private final Map<String, Integer> index = new HashMap<>();
    private final int[] unmet;
    private final List<List<Integer>> dependents = new ArrayList<>();
    private final TreeSet<Integer> ready = new TreeSet<>();

    /** {@code done}: steps already finished for good (succeeded/skipped), by id. */
    Schedule(Workflow wf, Map<String, StepStatus> done) {
        steps = wf.steps();
        unmet = new int[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            index.put(steps.get(i).id(), i);
            dependents.add(new ArrayList<>());
        }
        for (int i = 0; i < steps.size(); i++) {
            for (String n : steps.get(i).needs()) {
                Integer j = index.get(n);
                // a step done for good (e.g. skipped by --skip below a --from step) never waits to run again
                if (j != null && done.get(n) == null && done.get(steps.get(i).id()) == null) {
                    unmet[i]++;
                    dependents.get(j).add(i);
                }
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            if (unmet[i] == 0 && done.get(steps.get(i).id()) == null) {
                ready.add(i);
            }
        }
    }

    Optional<Step> next() {
        Integer i = ready.pollFirst();
        return i == null ? Optional.empty() : Optional.of(steps.get(i));
    }

    void finished(Step step, StepStatus status) {
        boolean satisfies = status == StepStatus.SUCCEEDED || status == StepStatus.SKIPPED
                || status == StepStatus.FAILED && step.continueOnError();
        if (!satisfies) {
            return;
        }
        for (int d : dependents.get(index.get(step.id()))) {
            if (--unmet[d] == 0) {
                ready.add(d);
            }
        }
    }
}
