package dev.runner.k8s;

import dev.runner.k8s.action.RunJob;
import dev.runner.step.StepOutputs;

/** {@code run-job}: see {@link RunJob}. */
public final class RunJobStep extends KubeStepType {
    public RunJobStep() {
        super("run-job", "Create a Job (or one from a CronJob), wait for it to finish, show the failed pod's log", false, StepOutputs.of("job").plusKeysOf("logOutputs"),
                () -> new RunJob());
    }
}
