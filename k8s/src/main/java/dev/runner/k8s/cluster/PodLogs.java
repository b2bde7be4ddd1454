package dev.runner.k8s.cluster;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/**
 * The log tails of containers that failed, for timeout and failure reports: a crash-looping restore
 * initContainer's last lines carry pgBackRest's error, a crashing postgres its FATAL line.
 */
public final class PodLogs {
    private PodLogs() {
    }

    /** For every container (init first) that terminated with an error or restarted: its last {@code lines}. */
    public static List<String> failing(ClusterTarget t, List<Pod> pods, int lines) {
        List<String> out = new ArrayList<>();
        for (Pod p : pods) {
            if (p.getStatus() == null) {
                continue;
            }
            List<ContainerStatus> all = new ArrayList<>();
            if (p.getStatus().getInitContainerStatuses() != null) {
                all.addAll(p.getStatus().getInitContainerStatuses());
            }
            if (p.getStatus().getContainerStatuses() != null) {
                all.addAll(p.getStatus().getContainerStatuses());
            }
            for (ContainerStatus cs : all) {
                boolean failedNow = cs.getState() != null && cs.getState().getTerminated() != null
                        && cs.getState().getTerminated().getExitCode() != 0;
                boolean restarted = cs.getRestartCount() != null && cs.getRestartCount() > 0;
                if (failedNow || restarted) {
                    out.add("log of " + p.getMetadata().getName() + "/" + cs.getName()
                            + (failedNow ? "" : " (previous run)") + ":");
                    tail(t, p, cs.getName(), !failedNow, lines).forEach(l -> out.add("  " + l));
                }
            }
        }
        return out;
    }

    private static List<String> tail(ClusterTarget t, Pod p, String container, boolean previous, int lines) {
        try {
            var c = t.client().pods().inNamespace(t.namespace()).withName(p.getMetadata().getName()).inContainer(container);
            String log = (previous ? c.terminated().tailingLines(lines) : c.tailingLines(lines)).getLog();
            List<String> l = log == null ? List.of() : log.lines().toList();
            return l.isEmpty() ? List.of("(empty)") : l.subList(Math.max(0, l.size() - lines), l.size());
        } catch (RuntimeException e) {
            return List.of("(log unavailable: " + e.getMessage() + ")");
        }
    }
}
