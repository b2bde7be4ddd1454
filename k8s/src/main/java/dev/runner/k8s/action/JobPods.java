package dev.runner.k8s.action;

import dev.runner.k8s.cluster.ClusterTarget;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The pods of a Job (by the labels the Job controller sets) and the one whose log tells the story. */
final class JobPods {
    private JobPods() {
    }

    /**
     * The pods labelled with the Job's name, less those that belong to another Job of the same name (an earlier
     * run's, orphaned by a delete): their owner reference or controller-uid label names another uid.
     */
    static List<Pod> of(ClusterTarget t, Job job) {
        String name = job.getMetadata().getName();
        var pods = t.client().pods().inNamespace(t.namespace());
        List<Pod> list = new ArrayList<>(pods.withLabel("batch.kubernetes.io/job-name", name).list().getItems());
        if (list.isEmpty()) {
            list.addAll(pods.withLabel("job-name", name).list().getItems());
        }
        String uid = job.getMetadata().getUid();
        if (uid != null) {
            list.removeIf(p -> ownerUids(p).stream().anyMatch(u -> !u.equals(uid)));
        }
        return list;
    }

    private static List<String> ownerUids(Pod p) {
        List<String> uids = new ArrayList<>();
        if (p.getMetadata().getOwnerReferences() != null) {
            p.getMetadata().getOwnerReferences().stream().filter(r -> "Job".equals(r.getKind()))
                    .forEach(r -> uids.add(r.getUid()));
        }
        var labels = p.getMetadata().getLabels();
        if (labels != null) {
            for (String key : List.of("batch.kubernetes.io/controller-uid", "controller-uid")) {
                if (labels.get(key) != null) {
                    uids.add(labels.get(key));
                }
            }
        }
        return uids;
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
