package dev.runner.k8s;

import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;

/** The work of one Kubernetes step type; created only when a step plans, runs or is observed. */
public interface KubeAction {

    StepPlan plan(Kube k) throws StepException;

    StepResult run(Kube k) throws StepException, InterruptedException;

    Observation observe(Kube k) throws StepException, InterruptedException;
}
