package dev.runner.k8s;

import dev.runner.k8s.access.Access;
import dev.runner.step.AccessArgs;
import dev.runner.step.ApiAccess;
import java.util.List;
import dev.runner.k8s.action.RunJob;
import dev.runner.step.StepOutputs;

/** {@code run-job}: see {@link RunJob}. */
public final class RunJobStep extends KubeStepType {
    public RunJobStep() {
        super("run-job", "Create a Job (or one from a CronJob), wait for it to finish, show the failed pod's log", false, StepOutputs.of("job").plusKeysOf("logOutputs"),
                () -> new RunJob());
    }

    /**
     * Create the Job (a finished one of the same name is deleted first), watch it, list its pods and read their
     * logs (outputs, failure report); the Secrets its pod uses are read to mask their values in what is shown.
     */
    static List<ApiAccess> access(AccessArgs args) {
        Access a = Access.of(args).add("batch", "jobs", "get", "create", "delete").watch("batch", "jobs")
                .add("", "pods", "list").add("", "pods/log", "get");
        if (args.with().get("fromCronJob") != null) {
            a.add("batch", "cronjobs", "get");
        }
        if (args.with().get("logOutputs") != null) {
            a.add("", "secrets", "get");
        }
        return a.list();
    }

    @Override
    public List<ApiAccess> apiAccess(AccessArgs args) {
        return RunJobStep.access(args);
    }
}
