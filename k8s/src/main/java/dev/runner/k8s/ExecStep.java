package dev.runner.k8s;

import dev.runner.k8s.action.Exec;
import dev.runner.step.StepOutputs;

/** {@code exec}: see {@link Exec}. */
public final class ExecStep extends KubeStepType {
    public ExecStep() {
        super("exec", "Run a command in a pod's container; exitCode, stdout and stderr become outputs", false, StepOutputs.of("exitCode", "stdout", "stderr", "pod"),
                () -> new Exec());
    }
}
