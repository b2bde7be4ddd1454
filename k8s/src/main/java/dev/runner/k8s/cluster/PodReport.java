package dev.runner.k8s.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What a wait that gave up shows about its pods: their state, the failing containers' log tails, recent events. */
public final class PodReport {
    static final int LOG_LINES = 15;
    static final int EVENTS = 10;

    private PodReport() {
    }

    /** Indented lines about {@code pods}, and the events of objects named (or prefixed by) {@code eventNames}. */
    public static List<String> lines(ClusterTarget t, List<Pod> pods, Collection<String> eventNames) {
        List<String> lines = new ArrayList<>();
        Pods.describe(pods).forEach(l -> lines.add("  " + l));
        PodLogs.failing(t, pods, LOG_LINES).forEach(l -> lines.add("  " + l));
        List<String> events = Events.recent(t, eventNames, EVENTS);
        if (!events.isEmpty()) {
            lines.add("  recent events:");
            events.forEach(e -> lines.add("    " + e));
        }
        return lines;
    }
}
