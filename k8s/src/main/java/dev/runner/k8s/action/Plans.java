package dev.runner.k8s.action;

import dev.runner.k8s.Kube;
import dev.runner.k8s.manifest.Render;
import dev.runner.k8s.manifest.UnifiedDiff;
import dev.runner.step.StepPlan;
import java.util.List;
import java.util.Map;

/** Plan wording shared by the step types. */
final class Plans {
    static final String OFFLINE = " (offline: no reachable cluster, live state not compared)";

    private Plans() {
    }

    static StepPlan offline(String action, List<String> details) {
        return new StepPlan(action + OFFLINE, details, true);
    }

    /** The namespace a step would use, as far as it is known without a cluster. */
    static String offlineNamespace(Kube k) {
        return k.args().str("namespace").orElse(
                k.ctx().settings().getOrDefault("namespace", "(the context's namespace)"));
    }

    /** A unified diff of live vs desired (Secret values masked); live null means the object is created. */
    static List<String> diff(String what, Map<String, Object> live, Map<String, Object> desired) {
        List<List<String>> pair = Render.pair(live, desired);
        return UnifiedDiff.diff(live == null ? "/dev/null" : "live " + what, pair.get(0), "desired " + what,
                pair.get(1));
    }
}
