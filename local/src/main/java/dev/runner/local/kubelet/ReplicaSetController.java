package dev.runner.local.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ReplicaSets → Pods, as pkg/controller/replicaset does it: as many active pods (not terminating, not finished) as
 * spec.replicas, creating from the template or deleting the least useful first (not ready before ready, newest
 * first); status counts replicas, ready and available pods (Ready for at least minReadySeconds). Pods whose
 * ReplicaSet is gone are garbage-collected.
 * https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/
 */
final class ReplicaSetController {
    private final KubernetesClient client;

    ReplicaSetController(KubernetesClient client) {
        this.client = client;
    }

    void reconcile(List<ReplicaSet> sets, List<Pod> pods) {
        Set<String> uids = sets.stream().map(r -> r.getMetadata().getUid()).collect(Collectors.toSet());
        for (Pod p : pods) {
            String owner = Owners.controllerUid(p, "ReplicaSet");
            if (owner != null && !uids.contains(owner)) {
                DeploymentController.delete(() -> client.resource(p).delete());
            }
        }
        for (ReplicaSet rs : sets) {
            List<Pod> owned = pods.stream().filter(p -> rs.getMetadata().getUid().equals(
                    Owners.controllerUid(p, "ReplicaSet"))).filter(ReplicaSetController::isActive).toList();
            manage(rs, owned);
            writeStatus(rs, owned);
        }
    }

    private void manage(ReplicaSet rs, List<Pod> active) {
        int want = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
        for (int i = active.size(); i < want; i++) {
            try {
                client.pods().inNamespace(rs.getMetadata().getNamespace()).resource(newPod(rs)).create();
            } catch (KubernetesClientException e) {
                Events.failedCreate(client, rs, e, "replicaset-controller"); // admission refused the pod
                return;
            }
        }
        active.stream().sorted(Comparator.comparing(ReplicaSetController::isReady)
                        .thenComparing(p -> p.getMetadata().getCreationTimestamp(), Comparator.reverseOrder()))
                .limit(Math.max(0, active.size() - want))
                .forEach(p -> DeploymentController.delete(() -> client.resource(p).delete()));
    }

    private void writeStatus(ReplicaSet rs, List<Pod> active) {
        int minReady = rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
        ReplicaSetStatus status = new ReplicaSetStatusBuilder().withReplicas(active.size())
                .withFullyLabeledReplicas(active.size())
                .withReadyReplicas((int) active.stream().filter(ReplicaSetController::isReady).count())
                .withAvailableReplicas((int) active.stream().filter(p -> isAvailable(p, minReady)).count())
                .withObservedGeneration(rs.getMetadata().getGeneration()).build();
        if (!status.equals(rs.getStatus())) {
            StatusWriter.update(client, client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace())
                    .withName(rs.getMetadata().getName()), fresh -> {
                        if (!Objects.equals(fresh.getMetadata().getUid(), rs.getMetadata().getUid())) {
                            return false;
                        }
                        fresh.setStatus(status);
                        return true;
                    });
        }
    }

    /** FilterActivePods: a pod counts until it is being deleted or has finished. */
    static boolean isActive(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return p.getMetadata().getDeletionTimestamp() == null && !"Succeeded".equals(phase)
                && !"Failed".equals(phase);
    }

    static boolean isReady(Pod p) {
        return readyCondition(p) != null;
    }

    /**
     * IsPodAvailable: Ready, and for at least minReadySeconds.
     * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#min-ready-seconds
     */
    static boolean isAvailable(Pod p, int minReadySeconds) {
        PodCondition ready = readyCondition(p);
        if (ready == null) {
            return false;
        }
        if (minReadySeconds == 0 || ready.getLastTransitionTime() == null) {
            return minReadySeconds == 0;
        }
        return !Instant.parse(ready.getLastTransitionTime()).plusSeconds(minReadySeconds).isAfter(Instant.now());
    }

    private static PodCondition readyCondition(Pod p) {
        if (p.getStatus() == null || p.getStatus().getConditions() == null) {
            return null;
        }
        return p.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())
                && "True".equals(c.getStatus())).findFirst().orElse(null);
    }

    private static Pod newPod(ReplicaSet rs) {
        PodTemplateSpec t = rs.getSpec().getTemplate();
        return new PodBuilder().withNewMetadata()
                .withName(rs.getMetadata().getName() + "-" + Owners.randomSuffix(5))
                .withNamespace(rs.getMetadata().getNamespace())
                .withLabels(t.getMetadata().getLabels())
                .withAnnotations(t.getMetadata().getAnnotations() == null ? new HashMap<>()
                        : t.getMetadata().getAnnotations())
                .withOwnerReferences(Owners.controllerRef(rs)).endMetadata()
                .withSpec(Serialization.clone(t.getSpec())).build();
    }
}
