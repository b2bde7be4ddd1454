package dev.runner.k8s.action;

import dev.runner.k8s.Kube;
import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.k8s.cluster.Conflicts;
import dev.runner.k8s.cluster.KubeObjects;
import dev.runner.k8s.manifest.Json;
import dev.runner.k8s.manifest.Refs;
import dev.runner.step.StepException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What {@code patch-deployment} and {@code restore-deployment} share: the Deployment as a map, its recorded
 * original pod template (a JSON annotation), and one whole-object update per change with conflict retry.
 */
final class DeploymentEdit {
    static final String ORIGINAL = "runner.dev/original-template";

    final Kube k;
    final ClusterTarget t;
    final String name;
    final String annotation;

    DeploymentEdit(Kube k, ClusterTarget t) throws StepException {
        this.k = k;
        this.t = t;
        this.name = k.args().required("name");
        this.annotation = k.args().str("originalAnnotation").orElse(ORIGINAL);
    }

    String what() {
        return "Deployment " + t.namespace() + "/" + name;
    }

    Optional<Map<String, Object>> find() {
        return Optional.ofNullable(KubeObjects.live(t, Refs.stub("apps/v1", "Deployment", name, t.namespace())));
    }

    Map<String, Object> require() throws StepException {
        return k.read("read " + what(), this::find)
                .orElseThrow(() -> new StepException(what() + " not found", true));
    }

    /** Applies {@code change} (a fresh copy in, the desired object or null out) with one update per attempt. */
    Map<String, Object> update(Map<String, Object> first, UnaryOperator<Map<String, Object>> change)
            throws StepException, InterruptedException {
        return Conflicts.readModifyWrite(k.ctx(), what(), first, () -> find().orElse(null),
                d -> change.apply(Json.copy(d)),
                d -> {
                    t.client().resource(KubeObjects.typed(t.client(), d)).update();
                    return d;
                });
    }

    /** The recorded original template, if any. */
    Optional<Map<String, Object>> original(Map<String, Object> d) {
        String json = annotations(d).get(annotation) instanceof String s ? s : null;
        return Optional.ofNullable(json).map(Json::readMap);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> template(Map<String, Object> d) {
        return (Map<String, Object>) ((Map<String, Object>) d.get("spec")).get("template");
    }

    @SuppressWarnings("unchecked")
    static void setTemplate(Map<String, Object> d, Map<String, Object> template) {
        ((Map<String, Object>) d.get("spec")).put("template", template);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> annotations(Map<String, Object> d) {
        Map<String, Object> meta = (Map<String, Object>) d.get("metadata");
        Object a = meta.get("annotations");
        if (!(a instanceof Map)) {
            a = new LinkedHashMap<String, Object>();
            meta.put("annotations", a);
        }
        return (Map<String, Object>) a;
    }

    /**
     * live vs desired without the (long, unreadable) recorded-template annotation, nor the strategy switch for the
     * change, which the plan names in one line of its own.
     */
    @SuppressWarnings("unchecked")
    List<String> diff(Map<String, Object> live, Map<String, Object> desired) {
        Map<String, Object> l = Json.copy(live);
        Map<String, Object> d = Json.copy(desired);
        for (Map<String, Object> x : List.of(l, d)) {
            annotations(x).remove(annotation);
            annotations(x).remove(RecreateForChange.ANNOTATION);
        }
        Map<String, Object> liveSpec = (Map<String, Object>) l.get("spec");
        Map<String, Object> desiredSpec = (Map<String, Object>) d.get("spec");
        if (liveSpec.containsKey("strategy")) {
            desiredSpec.put("strategy", liveSpec.get("strategy"));
        } else {
            desiredSpec.remove("strategy");
        }
        return Plans.diff(what(), l, d);
    }
}
