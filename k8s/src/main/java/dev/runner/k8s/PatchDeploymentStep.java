package dev.runner.k8s;

import dev.runner.k8s.access.Access;
import dev.runner.step.AccessArgs;
import dev.runner.step.ApiAccess;
import java.util.List;
import dev.runner.k8s.action.PatchDeployment;
import dev.runner.step.StepOutputs;

/** {@code patch-deployment}: see {@link PatchDeployment}. */
public final class PatchDeploymentStep extends KubeStepType {
    public PatchDeploymentStep() {
        super("patch-deployment", "Edit one container of a Deployment's pod template (image, command, args, env, envFrom, volumes, initContainers), recording the original template once", true, StepOutputs.of("changed", "recorded"),
                () -> new PatchDeployment());
    }

    /** Read and update the Deployment; the Secrets/ConfigMaps named in envFrom are read (their keys checked). */
    static List<ApiAccess> access(AccessArgs args) {
        Access a = Access.of(args).add("apps", "deployments", "get", "update");
        String with = String.valueOf(args.with().get("envFrom")) + args.with().get("initContainers");
        if (with.contains("secretRef")) {
            a.add("", "secrets", "get");
        }
        if (with.contains("configMapRef")) {
            a.add("", "configmaps", "get");
        }
        return a.list();
    }

    @Override
    public List<ApiAccess> apiAccess(AccessArgs args) {
        return PatchDeploymentStep.access(args);
    }
}
