package dev.runner.k8s;

import dev.runner.k8s.action.DeletePod;
import dev.runner.step.StepOutputs;

/** {@code delete-pod}: see {@link DeletePod}. */
public final class DeletePodStep extends KubeStepType {
    public DeletePodStep() {
        super("delete-pod", "Delete pods by name or selector and wait until their replacements are Ready", false, StepOutputs.of("deleted", "replacements"),
                () -> new DeletePod());
    }
}
