package dev.runner.k8s.action;

import dev.runner.k8s.Kube;
import dev.runner.k8s.KubeAction;
import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.k8s.cluster.Conflicts;
import dev.runner.k8s.manifest.SecretData;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code copy-secret}: copies keys (all, or {@code keys}, renamed by {@code rename}) of a Secret from one
 * context/namespace to another, creating the target Secret or updating just those keys in it. Values are
 * registered as secrets at once and never appear in a plan, log or output.
 */
public final class CopySecret implements KubeAction {

    private record Copy(ClusterTarget from, ClusterTarget to, String name, String toName) {
        String source() {
            return "Secret " + from.where() + "/" + name;
        }

        String target() {
            return "Secret " + to.where() + "/" + toName;
        }
    }

    @Override
    public StepPlan plan(Kube k) throws StepException {
        var a = k.args();
        var from = k.online(a.str("fromContext").orElse(null), a.str("fromNamespace").orElse(null));
        var to = k.online(a.str("toContext").orElse(null), a.str("toNamespace").orElse(null));
        String name = a.required("name");
        if (from.isEmpty() || to.isEmpty()) {
            return Plans.offline("copy " + (a.has("keys") ? "keys " + a.strings("keys") : "all keys") + " of Secret "
                    + name + " from " + a.str("fromContext").orElse("(current context)") + " to "
                    + a.str("toContext").orElse("(current context)"), List.of());
        }
        Copy c = new Copy(from.get(), to.get(), name, a.str("toName").orElse(name));
        Map<String, String> data = selected(k, c);
        Secret existing = k.read("read " + c.target(), () -> get(c.to(), c.toName()));
        List<String> details = new ArrayList<>();
        data.forEach((key, v) -> details.add((existing == null ? "create key " : changed(existing, key, v)
                ? "update key " : "unchanged key ") + key));
        boolean changes = existing == null || data.entrySet().stream().anyMatch(e -> changed(existing, e.getKey(), e.getValue()));
        return new StepPlan((existing == null ? "create " : "update ") + c.target() + " from " + c.source(), details,
                changes);
    }

    @Override
    public StepResult run(Kube k) throws StepException, InterruptedException {
        Copy c = copy(k);
        Map<String, String> data = selected(k, c);
        var secrets = c.to().client().secrets().inNamespace(c.to().namespace());
        Secret existing = k.call("read " + c.target(), () -> get(c.to(), c.toName()));
        boolean changed;
        if (existing == null) {
            Secret src = k.call("read " + c.source(), () -> get(c.from(), c.name()));
            Secret created = new SecretBuilder().withNewMetadata().withName(c.toName())
                    .withNamespace(c.to().namespace()).endMetadata().withType(src.getType()).withData(data).build();
            k.call("create " + c.target(), () -> secrets.resource(created).create());
            changed = true;
        } else {
            changed = Conflicts.readModifyWrite(k.ctx(), c.target(), existing, () -> get(c.to(), c.toName()),
                    s -> {
                        if (data.entrySet().stream().noneMatch(e -> changed(s, e.getKey(), e.getValue()))) {
                            return null;
                        }
                        Map<String, String> merged = new LinkedHashMap<>(s.getData() == null ? Map.of() : s.getData());
                        merged.putAll(data);
                        s.setData(merged);
                        return s;
                    },
                    s -> secrets.resource(s).update()) != null;
        }
        k.log().info((changed ? "copied " : "already in place: ") + data.keySet() + " to " + c.target());
        return StepResult.of(Map.of("keys", String.join(",", data.keySet()), "changed", String.valueOf(changed)),
                (changed ? "copied " : "unchanged ") + data.size() + " key(s) to " + c.target());
    }

    @Override
    public Observation observe(Kube k) throws StepException, InterruptedException {
        Copy c = copy(k);
        Map<String, String> data = selected(k, c);
        Secret existing = k.call("read " + c.target(), () -> get(c.to(), c.toName()));
        boolean done = existing != null && data.entrySet().stream().noneMatch(e -> changed(existing, e.getKey(), e.getValue()));
        return done ? Observation.done(Map.of("keys", String.join(",", data.keySet()), "changed", "true"), "keys in place")
                : Observation.notDone(c.target() + " lacks some keys");
    }

    private static Copy copy(Kube k) throws StepException {
        var a = k.args();
        String name = a.required("name");
        return new Copy(k.target(a.str("fromContext").orElse(null), a.str("fromNamespace").orElse(null)),
                k.target(a.str("toContext").orElse(null), a.str("toNamespace").orElse(null)), name,
                a.str("toName").orElse(name));
    }

    /** The source's chosen keys under their target names (base64, as in data); values registered as secrets. */
    private static Map<String, String> selected(Kube k, Copy c) throws StepException {
        Secret src = k.read("read " + c.source(), () -> get(c.from(), c.name()));
        if (src == null) {
            throw new StepException(c.source() + " not found", true);
        }
        Map<String, String> all = src.getData() == null ? Map.of() : src.getData();
        List<String> keys = k.args().has("keys") ? k.args().strings("keys") : new ArrayList<>(all.keySet());
        Map<String, Object> rename = k.args().map("rename");
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : keys) {
            if (!all.containsKey(key)) {
                throw k.invalid(c.source() + " has no key '" + key + "' (it has " + all.keySet() + ")");
            }
            out.put(String.valueOf(rename.getOrDefault(key, key)), all.get(key));
        }
        // only the copied values: masking a key left alone (a user name such as "admin") would hide that word
        // everywhere in the run's output
        SecretData.register(Map.of("kind", "Secret", "data", out), k.ctx()::addSecret);
        return out;
    }

    private static Secret get(ClusterTarget t, String name) {
        return t.client().secrets().inNamespace(t.namespace()).withName(name).get();
    }

    private static boolean changed(Secret s, String key, String value) {
        return s.getData() == null || !Objects.equals(s.getData().get(key), value);
    }
}
