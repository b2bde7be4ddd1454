package dev.runner.k8s;

import dev.runner.k8s.action.WaitForRollout;
import dev.runner.step.StepOutputs;

/** {@code wait-for-rollout}: see {@link WaitForRollout}. */
public final class WaitForRolloutStep extends KubeStepType {
    public WaitForRolloutStep() {
        super("wait-for-rollout", "Watch a Deployment until every replica is updated, ready and available, then give back a strategy that patch-deployment or restore-deployment switched to Recreate for the change", true, StepOutputs.of("replicas"),
                () -> new WaitForRollout());
    }
}
