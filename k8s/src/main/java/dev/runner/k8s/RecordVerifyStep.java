package dev.runner.k8s;

import dev.runner.k8s.access.Access;
import dev.runner.step.AccessArgs;
import dev.runner.step.ApiAccess;
import java.util.List;
import dev.runner.k8s.action.RecordVerify;
import dev.runner.step.StepOutputs;

/** {@code record-verify}: see {@link RecordVerify}. */
public final class RecordVerifyStep extends KubeStepType {
    public RecordVerifyStep() {
        super("record-verify", "Keep a restore drill's result (passed or failed) in the target's ConfigMap runner-verify-TARGET",
                true, StepOutputs.of("configMap", "ok", "seconds"), () -> new RecordVerify());
    }

    // reads the drill's Job, its failed pod's log, and keeps the result in a ConfigMap

    @Override
    public List<ApiAccess> apiAccess(AccessArgs args) {
        return Access.of(args).add("batch", "jobs", "get").add("", "pods", "list").add("", "pods/log", "get")
                .add("", "configmaps", "get", "create", "update").list();
    }
}
