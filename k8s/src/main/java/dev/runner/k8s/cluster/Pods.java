package dev.runner.k8s.cluster;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Pod selection (by name or label selector), readiness and why a pod is not ready. */
public final class Pods {
    public static final String DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container";

    private Pods() {
    }

    /** The pods named or selected; empty when none exist. Exactly one of name/selector is expected. */
    public static List<Pod> find(ClusterTarget t, String name, String selector) {
        var pods = t.client().pods().inNamespace(t.namespace());
        if (name != null) {
            Pod p = pods.withName(name).get();
            return p == null ? List.of() : List.of(p);
        }
        List<Pod> list = new ArrayList<>(pods.withLabelSelector(selector).list().getItems());
        list.removeIf(p -> p.getMetadata().getDeletionTimestamp() != null);
        return list;
    }

    /** The best pod to talk to: ready before running before anything else; by name for a stable choice. */
    public static Optional<Pod> pick(List<Pod> pods) {
        return pods.stream().min(Comparator.comparingInt((Pod p) -> isReady(p) ? 0 : isRunning(p) ? 1 : 2)
                .thenComparing(p -> p.getMetadata().getName()));
    }

    public static boolean isRunning(Pod p) {
        return p.getStatus() != null && "Running".equals(p.getStatus().getPhase());
    }

    public static boolean isReady(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The container to use: the one asked for, else the pod's default-container annotation, else the first. */
    public static String container(Pod p, String requested) {
        if (requested != null) {
            return requested;
        }
        var ann = p.getMetadata().getAnnotations();
        if (ann != null && ann.get(DEFAULT_CONTAINER) != null) {
            return ann.get(DEFAULT_CONTAINER);
        }
        return p.getSpec().getContainers().get(0).getName();
    }

    /** One line per pod: phase, and each container that waits or terminated, with its reason. */
    public static List<String> describe(List<Pod> pods) {
        List<String> lines = new ArrayList<>();
        for (Pod p : pods) {
            StringBuilder sb = new StringBuilder("pod ").append(p.getMetadata().getName()).append(": ")
                    .append(p.getStatus() == null ? "no status" : p.getStatus().getPhase())
                    .append(isReady(p) ? ", ready" : ", not ready");
            if (p.getStatus() != null) {
                List<ContainerStatus> all = new ArrayList<>();
                if (p.getStatus().getInitContainerStatuses() != null) {
                    all.addAll(p.getStatus().getInitContainerStatuses());
                }
                if (p.getStatus().getContainerStatuses() != null) {
                    all.addAll(p.getStatus().getContainerStatuses());
                }
                for (ContainerStatus cs : all) {
                    var st = cs.getState();
                    if (st != null && st.getWaiting() != null) {
                        sb.append("; ").append(cs.getName()).append(" waiting: ").append(st.getWaiting().getReason())
                                .append(st.getWaiting().getMessage() == null ? "" : " (" + st.getWaiting().getMessage() + ")");
                    } else if (st != null && st.getTerminated() != null && st.getTerminated().getExitCode() != 0) {
                        sb.append("; ").append(cs.getName()).append(" terminated: ")
                                .append(st.getTerminated().getReason()).append(" exit ")
                                .append(st.getTerminated().getExitCode());
                    }
                }
            }
            lines.add(sb.toString());
        }
        return lines;
    }
}
