package dev.runner.k8s;

import dev.runner.k8s.access.Access;
import dev.runner.step.AccessArgs;
import dev.runner.step.ApiAccess;
import java.util.List;
import dev.runner.k8s.action.CopySecret;
import dev.runner.step.StepOutputs;

/** {@code copy-secret}: see {@link CopySecret}. */
public final class CopySecretStep extends KubeStepType {
    public CopySecretStep() {
        super("copy-secret", "Copy keys of a Secret from one context/namespace to another, creating or updating the target", true, StepOutputs.of("keys", "changed"),
                () -> new CopySecret());
    }

    /** Read the source Secret; read, then create or update the target one (each in its own context/namespace). */
    static List<ApiAccess> access(AccessArgs args) {
        List<ApiAccess> out = new java.util.ArrayList<>(
                Access.of(args, "fromNamespace", "fromContext").add("", "secrets", "get").list());
        out.addAll(Access.of(args, "toNamespace", "toContext").add("", "secrets", "get", "create", "update").list());
        return out;
    }

    @Override
    public List<ApiAccess> apiAccess(AccessArgs args) {
        return CopySecretStep.access(args);
    }
}
