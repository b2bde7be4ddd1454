package dev.runner.k8s;

import dev.runner.k8s.action.PatchDeployment;
import dev.runner.step.StepOutputs;

/** {@code patch-deployment}: see {@link PatchDeployment}. */
public final class PatchDeploymentStep extends KubeStepType {
    public PatchDeploymentStep() {
        super("patch-deployment", "Edit one container of a Deployment's pod template (image, command, args, env, envFrom, volumes, initContainers), recording the original template once", true, StepOutputs.of("changed", "recorded"),
                () -> new PatchDeployment());
    }
}
