package dev.runner.k8s.action;

import dev.runner.k8s.manifest.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One writer per data directory while the workflows change a postgres Deployment's pod template. With the default
 * strategy, RollingUpdate with maxSurge 25% (rounded up: one pod for one replica), the controller starts the new
 * pod before the old one has stopped, so two servers, or a restore initContainer and a running server, would use
 * the same volume at once; with Recreate "all existing Pods are killed before new ones are created"
 * (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy). So a template change is
 * written together with {@code strategy: {type: Recreate}} when the Deployment has another strategy, and the
 * user's own strategy is recorded in the annotation {@value #ANNOTATION} (JSON; {@code null} when the spec had
 * none) — once: a second change before the rollout keeps the first record. {@code wait-for-rollout} gives that
 * strategy back once the rollout is complete; a change of the strategy alone starts no rollout
 * (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#updating-a-deployment: only a change of
 * the pod template does).
 */
final class RecreateForChange {
    static final String ANNOTATION = "runner.dev/original-strategy";

    private RecreateForChange() {
    }

    /** Switches {@code d} (a Deployment whose template is being changed) to Recreate; false when it already is. */
    static boolean apply(Map<String, Object> d) {
        Object strategy = spec(d).get("strategy");
        if (isRecreate(strategy)) {
            return false;
        }
        DeploymentEdit.annotations(d).putIfAbsent(ANNOTATION, Json.write(strategy));
        Map<String, Object> recreate = new LinkedHashMap<>();
        recreate.put("type", "Recreate");   // rollingUpdate must go: it is refused beside Recreate
        spec(d).put("strategy", recreate);
        return true;
    }

    /** The plan's line for a template change of the live Deployment, when it switches the strategy. */
    static Optional<String> planLine(Map<String, Object> live) {
        Object strategy = spec(live).get("strategy");
        if (isRecreate(strategy)) {
            return Optional.empty();
        }
        return Optional.of("strategy " + name(strategy) + " -> Recreate for this change, restored after the rollout"
                + " (wait-for-rollout): the old postgres pod stops before the new one starts");
    }

    /** Whether {@code d} carries a recorded strategy still to be given back. */
    static boolean pending(Map<String, Object> d) {
        Object a = d.get("metadata") instanceof Map<?, ?> m && m.get("annotations") instanceof Map<?, ?> ann
                ? ann.get(ANNOTATION) : null;
        return a instanceof String;
    }

    /** The recorded strategy, as the plan and log name it (e.g. RollingUpdate), when one is pending. */
    static Optional<String> recorded(Map<String, Object> d) {
        return pending(d) ? Optional.of(name(Json.readMap(
                String.valueOf(DeploymentEdit.annotations(d).get(ANNOTATION))))) : Optional.empty();
    }

    /** Puts the recorded strategy back into {@code d} and removes the record; false when there is none. */
    static boolean giveBack(Map<String, Object> d) {
        if (!pending(d)) {
            return false;
        }
        Map<String, Object> annotations = DeploymentEdit.annotations(d);
        Map<String, Object> original = Json.readMap(String.valueOf(annotations.remove(ANNOTATION)));
        if (original == null) {
            spec(d).remove("strategy");
        } else {
            spec(d).put("strategy", original);
        }
        if (annotations.isEmpty()) {
            ((Map<?, ?>) d.get("metadata")).remove("annotations");
        }
        return true;
    }

    private static boolean isRecreate(Object strategy) {
        return strategy instanceof Map<?, ?> m && "Recreate".equals(m.get("type"));
    }

    private static String name(Object strategy) {
        if (!(strategy instanceof Map<?, ?> m) || m.get("type") == null) {
            return "RollingUpdate (none set: the default)";
        }
        return String.valueOf(m.get("type"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Map<String, Object> d) {
        return (Map<String, Object>) d.get("spec");
    }
}
