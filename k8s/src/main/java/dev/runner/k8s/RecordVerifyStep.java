package dev.runner.k8s;

import dev.runner.k8s.action.RecordVerify;
import dev.runner.step.StepOutputs;

/** {@code record-verify}: see {@link RecordVerify}. */
public final class RecordVerifyStep extends KubeStepType {
    public RecordVerifyStep() {
        super("record-verify", "Keep a restore drill's result (passed or failed) in the target's ConfigMap runner-verify-TARGET",
                true, StepOutputs.of("configMap", "ok", "seconds"), () -> new RecordVerify());
    }
}
