package dev.runner.k8s;

import dev.runner.k8s.action.WaitForFile;

/** {@code wait-for-file}: see {@link WaitForFile}. */
public final class WaitForFileStep extends KubeStepType {
    public WaitForFileStep() {
        super("wait-for-file", "Wait until a path is present (or absent) in a pod's container, checked with test -e", true, () -> new WaitForFile());
    }
}
