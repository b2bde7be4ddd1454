package dev.runner.k8s;

import dev.runner.k8s.access.Access;
import dev.runner.step.AccessArgs;
import dev.runner.step.ApiAccess;
import java.util.List;
import dev.runner.k8s.action.WaitForRollout;
import dev.runner.step.StepOutputs;

/** {@code wait-for-rollout}: see {@link WaitForRollout}. */
public final class WaitForRolloutStep extends KubeStepType {
    public WaitForRolloutStep() {
        super("wait-for-rollout", "Watch a Deployment until every replica is updated, ready and available, then give back a strategy that patch-deployment or restore-deployment switched to Recreate for the change", true, StepOutputs.of("replicas"),
                () -> new WaitForRollout());
    }

    // the Deployment is read and watched, and updated once when a strategy recorded for the change is given back;
    // its ReplicaSets and pods are read to notice a crash loop and, with the pods' logs and events, to report why a
    // rollout does not finish

    @Override
    public List<ApiAccess> apiAccess(AccessArgs args) {
        return Access.of(args).add("apps", "deployments", "get", "update").watch("apps", "deployments")
                .add("apps", "replicasets", "list").podReport().list();
    }
}
