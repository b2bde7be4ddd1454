package dev.runner.k8s;

import dev.runner.k8s.action.CopySecret;
import dev.runner.step.StepOutputs;

/** {@code copy-secret}: see {@link CopySecret}. */
public final class CopySecretStep extends KubeStepType {
    public CopySecretStep() {
        super("copy-secret", "Copy keys of a Secret from one context/namespace to another, creating or updating the target", true, StepOutputs.of("keys", "changed"),
                () -> new CopySecret());
    }
}
