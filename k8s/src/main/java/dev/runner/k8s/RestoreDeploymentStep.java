package dev.runner.k8s;

import dev.runner.k8s.access.Access;
import dev.runner.step.AccessArgs;
import dev.runner.step.ApiAccess;
import java.util.List;
import dev.runner.k8s.action.RestoreDeployment;
import dev.runner.step.StepOutputs;

/** {@code restore-deployment}: see {@link RestoreDeployment}. */
public final class RestoreDeploymentStep extends KubeStepType {
    public RestoreDeploymentStep() {
        super("restore-deployment", "Put back the pod template recorded by patch-deployment and remove the record", true, StepOutputs.of("restored"),
                () -> new RestoreDeployment());
    }

    @Override
    public List<ApiAccess> apiAccess(AccessArgs args) {
        return Access.of(args).add("apps", "deployments", "get", "update").list();
    }
}
