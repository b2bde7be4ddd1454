package dev.runner.k8s;

import dev.runner.k8s.action.WaitForRollout;
import dev.runner.step.StepOutputs;

/** {@code wait-for-rollout}: see {@link WaitForRollout}. */
public final class WaitForRolloutStep extends KubeStepType {
    public WaitForRolloutStep() {
        super("wait-for-rollout", "Watch a Deployment until every replica is updated, ready and available", true, StepOutputs.of("replicas"),
                () -> new WaitForRollout());
    }
}
