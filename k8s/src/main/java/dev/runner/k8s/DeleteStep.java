package dev.runner.k8s;

import dev.runner.k8s.action.Delete;
import dev.runner.step.StepOutputs;

/** {@code delete}: see {@link Delete}. */
public final class DeleteStep extends KubeStepType {
    public DeleteStep() {
        super("delete", "Delete objects by kind and name or by manifest", true, StepOutputs.of("deleted", "missing"),
                () -> new Delete());
    }
}
