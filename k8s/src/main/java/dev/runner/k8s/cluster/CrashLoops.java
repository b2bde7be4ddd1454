package dev.runner.k8s.cluster;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a rollout can still succeed on its own: a container of a pod of the Deployment's newest ReplicaSet that
 * has failed {@code failAfter} times since the wait began (a restore initContainer whose pgBackRest fails, a
 * postgres that cannot start) will not fix itself, and waiting out the timeout only hides the reason. Failures
 * already there when the wait starts (a resumed run after the cause was fixed) are not counted.
 */
public final class CrashLoops {
    private static final String REVISION = "deployment.kubernetes.io/revision";
    private final int failAfter;
    private final Map<String, Integer> baseline = new HashMap<>();

    public CrashLoops(int failAfter) {
        this.failAfter = failAfter;
    }

    /** Remembers how often each container of {@code pods} has failed so far. */
    public void baseline(List<Pod> pods) {
        forEachContainer(pods, (p, cs) -> baseline.put(key(p, cs), failures(cs)));
    }

    /** The first container that failed {@code failAfter} times since the baseline, described; else empty. */
    public Optional<String> failing(List<Pod> pods) {
        List<String> found = new ArrayList<>();
        forEachContainer(pods, (p, cs) -> {
            int n = failures(cs) - baseline.getOrDefault(key(p, cs), 0);
            if (n >= failAfter && lastExit(cs) != 0) {
                found.add("container " + cs.getName() + " of pod " + p.getMetadata().getName() + " has failed " + n
                        + " times (last exit " + lastExit(cs) + (waitingReason(cs) == null ? "" : ", now "
                        + waitingReason(cs)) + ")");
            }
        });
        return found.stream().findFirst();
    }

    /**
     * The pods of the Deployment's newest ReplicaSet (highest revision it owns); without ReplicaSets (a bare API
     * server) every pod the Deployment selects.
     */
    public static List<Pod> newestPods(ClusterTarget t, Deployment d, String selector) {
        String uid = d.getMetadata().getUid();
        List<ReplicaSet> sets = uid == null ? List.of() : t.client().apps().replicaSets().inNamespace(t.namespace())
                .list().getItems().stream().filter(rs -> ownedBy(rs.getMetadata().getOwnerReferences(), uid)).toList();
        List<Pod> pods = Pods.find(t, null, selector);
        Optional<ReplicaSet> newest = sets.stream().max(Comparator.comparingLong(CrashLoops::revision));
        if (newest.isEmpty()) {
            return pods;
        }
        String rsUid = newest.get().getMetadata().getUid();
        return pods.stream().filter(p -> ownedBy(p.getMetadata().getOwnerReferences(), rsUid)).toList();
    }

    /** Times the container has failed: its restarts, plus the failure it has not been restarted after yet. */
    static int failures(ContainerStatus cs) {
        int restarts = cs.getRestartCount() == null ? 0 : cs.getRestartCount();
        var term = cs.getState() == null ? null : cs.getState().getTerminated();
        return restarts + (term != null && term.getExitCode() != null && term.getExitCode() != 0 ? 1 : 0);
    }

    private static int lastExit(ContainerStatus cs) {
        var now = cs.getState() == null ? null : cs.getState().getTerminated();
        if (now != null && now.getExitCode() != null) {
            return now.getExitCode();
        }
        var last = cs.getLastState() == null ? null : cs.getLastState().getTerminated();
        return last == null || last.getExitCode() == null ? 0 : last.getExitCode();
    }

    private static String waitingReason(ContainerStatus cs) {
        return cs.getState() == null || cs.getState().getWaiting() == null ? null : cs.getState().getWaiting().getReason();
    }

    private static void forEachContainer(List<Pod> pods, java.util.function.BiConsumer<Pod, ContainerStatus> action) {
        for (Pod p : pods) {
            if (p.getStatus() == null) {
                continue;
            }
            if (p.getStatus().getInitContainerStatuses() != null) {
                p.getStatus().getInitContainerStatuses().forEach(cs -> action.accept(p, cs));
            }
            if (p.getStatus().getContainerStatuses() != null) {
                p.getStatus().getContainerStatuses().forEach(cs -> action.accept(p, cs));
            }
        }
    }

    private static String key(Pod p, ContainerStatus cs) {
        return p.getMetadata().getUid() + "/" + p.getMetadata().getName() + "/" + cs.getName();
    }

    private static boolean ownedBy(List<OwnerReference> refs, String uid) {
        return refs != null && refs.stream().anyMatch(r -> uid.equals(r.getUid()));
    }

    private static long revision(ReplicaSet rs) {
        var a = rs.getMetadata().getAnnotations();
        try {
            return a == null || a.get(REVISION) == null ? 0 : Long.parseLong(a.get(REVISION));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
