package dev.runner.k8s.action;

import dev.runner.k8s.cluster.ClusterTarget;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The pods of a Job (by the labels the Job controller sets) and the one whose log tells the story. */
final class JobPods {
    private JobPods() {
    }

    static List<Pod> of(ClusterTarget t, String job) {
        var pods = t.client().pods().inNamespace(t.namespace());
        List<Pod> list = new ArrayList<>(pods.withLabel("batch.kubernetes.io/job-name", job).list().getItems());
        if (list.isEmpty()) {
            list.addAll(pods.withLabel("job-name", job).list().getItems());
        }
        return list;
    }

    /** The most recent pod in {@code phase}, else the most recent pod. */
    static Optional<Pod> latest(List<Pod> pods, String phase) {
        return pods.stream().max(Comparator.comparing((Pod p) -> p.getStatus() != null
                && phase.equals(p.getStatus().getPhase())).thenComparing(p -> String.valueOf(
                        p.getMetadata().getCreationTimestamp())));
    }

    static String name(Pod p) {
        return p.getMetadata().getName();
    }
}
