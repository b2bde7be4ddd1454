package dev.runner.k8s.action;

import dev.runner.k8s.Kube;
import dev.runner.k8s.KubeAction;
import dev.runner.k8s.manifest.Json;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code restore-deployment}: puts back the pod template recorded by {@code patch-deployment} and removes the
 * record, in one update, rolled out with strategy Recreate ({@link RecreateForChange}). Without a record there is
 * nothing to restore and nothing is written.
 */
public final class RestoreDeployment implements KubeAction {

    @Override
    public StepPlan plan(Kube k) throws StepException {
        var online = k.online();
        if (online.isEmpty()) {
            return Plans.offline("restore the recorded pod template of Deployment " + Plans.offlineNamespace(k) + "/"
                    + k.args().required("name"), List.of());
        }
        DeploymentEdit e = new DeploymentEdit(k, online.get());
        Map<String, Object> live = e.require();
        Map<String, Object> desired = restored(e, Json.copy(live));
        if (desired == null) {
            return StepPlan.noChange("restore " + e.what() + ": no recorded template (annotation " + e.annotation
                    + "), nothing to do");
        }
        List<String> details = new ArrayList<>();
        if (!DeploymentEdit.template(live).equals(DeploymentEdit.template(desired))) {
            RecreateForChange.planLine(live).ifPresent(details::add);
        }
        details.addAll(e.diff(live, desired));
        return StepPlan.of("restore " + e.what() + " to its recorded pod template", details);
    }

    @Override
    public StepResult run(Kube k) throws StepException, InterruptedException {
        DeploymentEdit e = new DeploymentEdit(k, k.target());
        Map<String, Object> live = e.require();
        boolean restored = e.update(live, d -> restored(e, d)) != null;
        k.log().info(restored ? "restored " + e.what() : e.what() + " has no recorded template; nothing to do");
        return StepResult.of(Map.of("restored", String.valueOf(restored)),
                restored ? "restored " + e.what() : "nothing to restore");
    }

    @Override
    public Observation observe(Kube k) throws StepException, InterruptedException {
        DeploymentEdit e = new DeploymentEdit(k, k.target());
        return e.original(e.require()).isEmpty() ? Observation.done(Map.of("restored", "true"), "no recorded template left")
                : Observation.notDone(e.what() + " still carries its recorded template");
    }

    private static Map<String, Object> restored(DeploymentEdit e, Map<String, Object> d) {
        var original = e.original(d);
        if (original.isEmpty()) {
            return null;
        }
        boolean change = !DeploymentEdit.template(d).equals(original.get());
        DeploymentEdit.setTemplate(d, original.get());
        if (change) {
            RecreateForChange.apply(d);
        }
        Map<String, Object> ann = DeploymentEdit.annotations(d);
        ann.remove(e.annotation);
        if (ann.isEmpty()) {
            ((Map<?, ?>) d.get("metadata")).remove("annotations");
        }
        return d;
    }
}
