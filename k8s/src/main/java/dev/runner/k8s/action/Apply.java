package dev.runner.k8s.action;

import dev.runner.k8s.Kube;
import dev.runner.k8s.KubeAction;
import dev.runner.k8s.cluster.Calls;
import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.k8s.cluster.Conflicts;
import dev.runner.k8s.cluster.KubeObjects;
import dev.runner.k8s.manifest.Manifests;
import dev.runner.k8s.manifest.Merge;
import dev.runner.k8s.manifest.Refs;
import dev.runner.k8s.manifest.Render;
import dev.runner.k8s.manifest.SecretData;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code apply}: create-or-update. The default strategy reads the live object, lays the manifest over it
 * ({@link Merge}) and writes it back with the resourceVersion it read (409 → read again), skipping the write when
 * nothing changes; it works on every API server. {@code strategy: server-side} uses server-side apply with field
 * manager {@value #FIELD_MANAGER}.
 */
public final class Apply implements KubeAction {
    static final String FIELD_MANAGER = "runner";

    private record Change(Map<String, Object> desired, Map<String, Object> live, Map<String, Object> write) {
        String what() {
            return Refs.describe(desired);
        }

        String verb() {
            return live == null ? "create" : write == null ? "unchanged" : "update";
        }
    }

    @Override
    public StepPlan plan(Kube k) throws StepException {
        var online = k.online();
        if (online.isEmpty()) {
            List<String> details = new ArrayList<>();
            for (Map<String, Object> o : desired(k, Plans.offlineNamespace(k))) {
                details.add("create or update " + Refs.describe(o));
            }
            return Plans.offline("apply " + details.size() + " object(s)", details);
        }
        List<Change> changes = new ArrayList<>();
        for (Map<String, Object> o : desired(k, online.get().namespace())) {
            changes.add(k.read("read " + Refs.describe(o), () -> compare(online.get(), o)));
        }
        List<String> details = new ArrayList<>();
        long changing = changes.stream().filter(c -> c.write() != null).count();
        for (Change c : changes) {
            details.add(c.verb() + " " + c.what());
            if (c.write() != null) {
                details.addAll(Plans.diff(c.what(), c.live(), c.write()));
            }
        }
        String action = "apply " + changes.size() + " object(s): " + changing + " to change";
        return new StepPlan(action, details, changing > 0);
    }

    @Override
    public StepResult run(Kube k) throws StepException, InterruptedException {
        ClusterTarget t = k.target();
        boolean serverSide = "server-side".equals(k.args().str("strategy").orElse("update"));
        Map<String, Integer> counts = new LinkedHashMap<>(Map.of("created", 0, "updated", 0, "unchanged", 0));
        List<String> names = new ArrayList<>();
        for (Map<String, Object> o : desired(k, t.namespace())) {
            String verb = serverSide ? serverSideApply(k, t, o) : createOrUpdate(k, t, o);
            counts.merge(verb, 1, Integer::sum);
            names.add(Refs.kind(o) + "/" + Refs.name(o));
            k.log().info(verb + " " + Refs.describe(o));
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("objects", String.join(",", names));
        counts.forEach((key, v) -> out.put(key, String.valueOf(v)));
        return StepResult.of(out, "applied " + names.size() + " object(s): " + counts);
    }

    @Override
    public Observation observe(Kube k) throws StepException, InterruptedException {
        ClusterTarget t = k.target();
        for (Map<String, Object> o : desired(k, t.namespace())) {
            Change c = k.call("read " + Refs.describe(o), () -> compare(t, o));
            if (c.write() != null) {
                return Observation.notDone(Refs.describe(o) + " is not as the manifest says");
            }
        }
        return Observation.done(Map.of(), "every object is in place");
    }

    private static List<Map<String, Object>> desired(Kube k, String namespace) throws StepException {
        List<Map<String, Object>> objects = Manifests.load(k.args(), k.ctx().baseDir());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> o : objects) {
            SecretData.register(o, k.ctx()::addSecret);
            out.add(Refs.withNamespace(SecretData.fold(o), namespace));
        }
        return out;
    }

    private static Change compare(ClusterTarget t, Map<String, Object> desired) {
        Map<String, Object> live = KubeObjects.live(t, desired);
        if (live == null) {
            return new Change(desired, null, desired);
        }
        Map<String, Object> merged = Merge.overlay(live, desired);
        return new Change(desired, live, Render.same(live, merged) ? null : merged);
    }

    private static String createOrUpdate(Kube k, ClusterTarget t, Map<String, Object> o)
            throws StepException, InterruptedException {
        var client = t.client();
        String what = Refs.describe(o);
        for (int attempt = 1; ; attempt++) {
            Map<String, Object> live = k.call("read " + what, () -> KubeObjects.live(t, o));
            if (live == null) {
                try {
                    k.call("create " + what, () -> client.resource(KubeObjects.typed(client, o)).create());
                    return "created";
                } catch (StepException e) {
                    if (attempt < 3 && Calls.isConflict(e)) {
                        continue; // created by someone else since we looked: update it instead
                    }
                    throw e;
                }
            }
            Map<String, Object> written = Conflicts.readModifyWrite(k.ctx(), what, live,
                    () -> KubeObjects.live(t, o),
                    current -> {
                        Map<String, Object> merged = Merge.overlay(current, o);
                        return Render.same(current, merged) ? null : merged;
                    },
                    merged -> {
                        client.resource(KubeObjects.typed(client, merged)).update();
                        return merged;
                    });
            return written == null ? "unchanged" : "updated";
        }
    }

    private static String serverSideApply(Kube k, ClusterTarget t, Map<String, Object> o)
            throws StepException, InterruptedException {
        var client = t.client();
        String what = Refs.describe(o);
        Map<String, Object> before = k.call("read " + what, () -> KubeObjects.live(t, o));
        HasMetadata after = k.call("apply " + what, () -> client.resource(KubeObjects.typed(client, o))
                .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply());
        if (before == null) {
            return "created";
        }
        Object rv = ((Map<?, ?>) before.get("metadata")).get("resourceVersion");
        return String.valueOf(rv).equals(after.getMetadata().getResourceVersion()) ? "unchanged" : "updated";
    }
}
