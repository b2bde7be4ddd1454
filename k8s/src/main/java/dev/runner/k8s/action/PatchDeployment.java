package dev.runner.k8s.action;

import dev.runner.k8s.Kube;
import dev.runner.k8s.KubeAction;
import dev.runner.k8s.manifest.Json;
import dev.runner.k8s.manifest.TemplateEdits;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code patch-deployment}: edits one container (and pod-level volumes/initContainers) of a Deployment's pod
 * template. The template as it was before the first patch is recorded once in an annotation, so
 * {@code restore-deployment} can put it back exactly; later patches never overwrite that record. The change rolls
 * out with strategy Recreate ({@link RecreateForChange}).
 */
public final class PatchDeployment implements KubeAction {
    private static final List<String> EDITS = List.of("image", "command", "args", "env", "removeEnv", "envFrom",
            "volumeMounts", "volumes", "initContainers", "pgdataTo");

    @Override
    public StepPlan plan(Kube k) throws StepException {
        var online = k.online();
        if (online.isEmpty()) {
            List<String> edits = EDITS.stream().filter(k.args()::has).toList();
            return Plans.offline("patch Deployment " + Plans.offlineNamespace(k) + "/" + k.args().required("name")
                    + " container " + k.args().required("container") + ": " + String.join(", ", edits), List.of());
        }
        DeploymentEdit e = new DeploymentEdit(k, online.get());
        Map<String, Object> live = e.require();
        Map<String, Object> desired = desired(k, e, Json.copy(live));
        if (desired == null) {
            return StepPlan.noChange("patch " + e.what() + ": already as asked");
        }
        EnvFromNames.check(k, online.get());
        List<String> details = new ArrayList<>();
        if (e.original(live).isEmpty()) {
            details.add("record the current pod template in annotation " + e.annotation);
        }
        RecreateForChange.planLine(live).ifPresent(details::add);
        details.addAll(e.diff(live, desired));
        return StepPlan.of("patch " + e.what(), details);
    }

    @Override
    public StepResult run(Kube k) throws StepException, InterruptedException {
        DeploymentEdit e = new DeploymentEdit(k, k.target());
        Map<String, Object> live = e.require();
        boolean recorded = e.original(live).isEmpty();
        if (desired(k, e, Json.copy(live)) != null) {
            EnvFromNames.check(k, e.t);
        }
        Map<String, Object> written = e.update(live, d -> desired(k, e, d));
        boolean changed = written != null;
        k.log().info(changed ? "patched " + e.what() : e.what() + " already as asked");
        return StepResult.of(Map.of("changed", String.valueOf(changed), "recorded",
                String.valueOf(changed && recorded)), changed ? "patched " + e.what() : "no change");
    }

    @Override
    public Observation observe(Kube k) throws StepException, InterruptedException {
        DeploymentEdit e = new DeploymentEdit(k, k.target());
        Map<String, Object> live = e.require();
        return desired(k, e, Json.copy(live)) == null ? Observation.done(Map.of("changed", "true"), "template patched")
                : Observation.notDone(e.what() + " is not patched");
    }

    /** The patched Deployment, or null when the template already carries the edits. */
    private static Map<String, Object> desired(Kube k, DeploymentEdit e, Map<String, Object> d) {
        Map<String, Object> before = DeploymentEdit.template(d);
        Map<String, Object> after = Json.copy(before);
        try {
            TemplateEdits.apply(after, k.args());
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(e.what() + ": " + ex.getMessage(), ex);
        }
        if (after.equals(before)) {
            return null;
        }
        if (e.original(d).isEmpty()) {
            DeploymentEdit.annotations(d).put(e.annotation, Json.write(before));
        }
        DeploymentEdit.setTemplate(d, after);
        RecreateForChange.apply(d);
        return d;
    }
}
