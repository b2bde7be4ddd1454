package dev.runner.k8s;

import dev.runner.k8s.action.Exec;

/** {@code exec}: see {@link Exec}. */
public final class ExecStep extends KubeStepType {
    public ExecStep() {
        super("exec", "Run a command in a pod's container; exitCode, stdout and stderr become outputs", false, () -> new Exec());
    }
}
