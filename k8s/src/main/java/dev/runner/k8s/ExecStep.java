package dev.runner.k8s;

import dev.runner.k8s.access.Access;
import dev.runner.step.AccessArgs;
import dev.runner.step.ApiAccess;
import java.util.List;
import dev.runner.k8s.action.Exec;
import dev.runner.step.StepOutputs;

/** {@code exec}: see {@link Exec}. */
public final class ExecStep extends KubeStepType {
    public ExecStep() {
        super("exec", "Run a command in a pod's container; exitCode, stdout and stderr become outputs", false, StepOutputs.of("exitCode", "stdout", "stderr", "pod"),
                () -> new Exec());
    }

    @Override
    public List<ApiAccess> apiAccess(AccessArgs args) {
        return Access.of(args).execInPod().list();
    }
}
