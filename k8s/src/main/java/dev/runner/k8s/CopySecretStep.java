package dev.runner.k8s;

import dev.runner.k8s.action.CopySecret;

/** {@code copy-secret}: see {@link CopySecret}. */
public final class CopySecretStep extends KubeStepType {
    public CopySecretStep() {
        super("copy-secret", "Copy keys of a Secret from one context/namespace to another, creating or updating the target", true, () -> new CopySecret());
    }
}
