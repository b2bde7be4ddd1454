package dev.runner.k8s;

import dev.runner.k8s.action.DeletePod;

/** {@code delete-pod}: see {@link DeletePod}. */
public final class DeletePodStep extends KubeStepType {
    public DeletePodStep() {
        super("delete-pod", "Delete pods by name or selector and wait until their replacements are Ready", false, () -> new DeletePod());
    }
}
