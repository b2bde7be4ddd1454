package dev.runner.k8s.action;

import dev.runner.k8s.Kube;
import dev.runner.k8s.KubeAction;
import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.k8s.cluster.KubeObjects;
import dev.runner.k8s.manifest.Manifests;
import dev.runner.k8s.manifest.Refs;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code delete}: deletes objects named by {@code kind}/{@code name} (apiVersion defaults for common kinds) or by
 * the manifests of {@code file}/{@code manifest}. Dependents (a Job's pods) are deleted in the background. A
 * missing object fails the step unless {@code ignoreNotFound: true}.
 */
public final class Delete implements KubeAction {

    @Override
    public StepPlan plan(Kube k) throws StepException {
        var online = k.online();
        if (online.isEmpty()) {
            return Plans.offline("delete " + objects(k, Plans.offlineNamespace(k)).stream().map(Refs::describe).toList(),
                    List.of());
        }
        List<String> details = new ArrayList<>();
        int present = 0;
        for (Map<String, Object> o : objects(k, online.get().namespace())) {
            boolean exists = k.read("read " + Refs.describe(o), () -> KubeObjects.live(online.get(), o)) != null;
            details.add((exists ? "delete " : "absent, nothing to delete: ") + Refs.describe(o));
            present += exists ? 1 : 0;
        }
        return new StepPlan("delete " + present + " object(s)", details, present > 0);
    }

    @Override
    public StepResult run(Kube k) throws StepException, InterruptedException {
        ClusterTarget t = k.target();
        boolean ignoreNotFound = k.args().bool("ignoreNotFound", false);
        List<String> deleted = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map<String, Object> o : objects(k, t.namespace())) {
            var gone = k.call("delete " + Refs.describe(o), () -> t.client().resource(KubeObjects.typed(t.client(), o))
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete());
            (gone.isEmpty() ? missing : deleted).add(Refs.describe(o));
            k.log().info(gone.isEmpty() ? Refs.describe(o) + " did not exist" : "deleted " + Refs.describe(o));
        }
        if (!missing.isEmpty() && !ignoreNotFound) {
            throw new StepException("not found: " + missing + " (set ignoreNotFound: true to accept that)", false);
        }
        return StepResult.of(Map.of("deleted", String.join(",", deleted), "missing", String.join(",", missing)),
                "deleted " + deleted.size() + " object(s)");
    }

    @Override
    public Observation observe(Kube k) throws StepException, InterruptedException {
        ClusterTarget t = k.target();
        for (Map<String, Object> o : objects(k, t.namespace())) {
            if (k.call("read " + Refs.describe(o), () -> KubeObjects.live(t, o)) != null) {
                return Observation.notDone(Refs.describe(o) + " still exists");
            }
        }
        return Observation.done(Map.of(), "all gone");
    }

    private static List<Map<String, Object>> objects(Kube k, String namespace) throws StepException {
        if (k.args().has("kind")) {
            return List.of(Refs.stub(k.args().str("apiVersion").orElse(null), k.args().required("kind"),
                    k.args().required("name"), namespace));
        }
        if (k.args().has("objects")) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Object o : (List<?>) k.args().raw("objects")) {
                Map<?, ?> ref = (Map<?, ?>) o;
                Object ns = ref.get("namespace");
                out.add(Refs.stub((String) ref.get("apiVersion"), String.valueOf(ref.get("kind")),
                        String.valueOf(ref.get("name")), ns == null ? namespace : String.valueOf(ns)));
            }
            return out;
        }
        return Manifests.load(k.args(), k.ctx().baseDir()).stream().map(o -> Refs.withNamespace(o, namespace)).toList();
    }
}
