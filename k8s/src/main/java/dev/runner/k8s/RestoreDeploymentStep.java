package dev.runner.k8s;

import dev.runner.k8s.action.RestoreDeployment;
import dev.runner.step.StepOutputs;

/** {@code restore-deployment}: see {@link RestoreDeployment}. */
public final class RestoreDeploymentStep extends KubeStepType {
    public RestoreDeploymentStep() {
        super("restore-deployment", "Put back the pod template recorded by patch-deployment and remove the record", true, StepOutputs.of("restored"),
                () -> new RestoreDeployment());
    }
}
