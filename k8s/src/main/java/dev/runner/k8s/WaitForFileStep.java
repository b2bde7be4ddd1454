package dev.runner.k8s;

import dev.runner.k8s.access.Access;
import dev.runner.step.AccessArgs;
import dev.runner.step.ApiAccess;
import java.util.List;
import dev.runner.k8s.action.WaitForFile;
import dev.runner.step.StepOutputs;

/** {@code wait-for-file}: see {@link WaitForFile}. */
public final class WaitForFileStep extends KubeStepType {
    public WaitForFileStep() {
        super("wait-for-file", "Wait until a path is present (or absent) in a pod's container, checked with test -e", true, StepOutputs.of("state"),
                () -> new WaitForFile());
    }

    // test -e in the pod, and a report (pods, logs, events) when it crash-loops

    @Override
    public List<ApiAccess> apiAccess(AccessArgs args) {
        return Access.of(args).execInPod().podReport().list();
    }
}
