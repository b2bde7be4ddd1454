package dev.runner.k8s;

import dev.runner.k8s.access.Access;
import dev.runner.step.AccessArgs;
import dev.runner.step.ApiAccess;
import java.util.List;
import dev.runner.k8s.action.DeletePod;
import dev.runner.step.StepOutputs;

/** {@code delete-pod}: see {@link DeletePod}. */
public final class DeletePodStep extends KubeStepType {
    public DeletePodStep() {
        super("delete-pod", "Delete pods by name or selector and wait until their replacements are Ready", false, StepOutputs.of("deleted", "replacements"),
                () -> new DeletePod());
    }

    // the pods are found by name or selector, deleted, their replacements watched (by selector) and, when they
    // are not ready in time, reported with their events

    @Override
    public List<ApiAccess> apiAccess(AccessArgs args) {
        return Access.of(args).findPod().add("", "pods", "list", "delete").watch("", "pods").podReport().list();
    }
}
