package dev.runner.k8s;

import dev.runner.k8s.action.WaitForFile;
import dev.runner.step.StepOutputs;

/** {@code wait-for-file}: see {@link WaitForFile}. */
public final class WaitForFileStep extends KubeStepType {
    public WaitForFileStep() {
        super("wait-for-file", "Wait until a path is present (or absent) in a pod's container, checked with test -e", true, StepOutputs.of("state"),
                () -> new WaitForFile());
    }
}
