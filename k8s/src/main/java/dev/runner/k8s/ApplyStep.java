package dev.runner.k8s;

import dev.runner.k8s.action.Apply;
import dev.runner.step.StepOutputs;

/** {@code apply}: create or update Kubernetes objects from files or inline manifests. */
public final class ApplyStep extends KubeStepType {
    public ApplyStep() {
        super("apply", "Create or update Kubernetes objects from manifest files or inline manifests", true,
                StepOutputs.of("objects", "created", "updated", "unchanged"),
                () -> new Apply());
    }
}
