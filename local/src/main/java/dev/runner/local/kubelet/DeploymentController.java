package dev.runner.local.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Deployments → ReplicaSets → Pods. Each pod template gets a ReplicaSet named after its hash (label
 * pod-template-hash); rollouts use Recreate semantics — old pods are deleted before new ones are created, which is
 * what a single-replica postgres sharing its data volume needs. Status carries replicas, updatedReplicas,
 * readyReplicas, availableReplicas and observedGeneration, so a rollout is complete only once the new pods are
 * Ready. Orphaned ReplicaSets and pods (owner deleted) are garbage-collected.
 */
final class DeploymentController {
    static final String HASH = "pod-template-hash";
    private static final String REVISION = "deployment.kubernetes.io/revision";
    private final KubernetesClient client;

    DeploymentController(KubernetesClient client) {
        this.client = client;
    }

    void reconcile(List<Pod> pods) {
        List<Deployment> deployments = client.apps().deployments().inAnyNamespace().list().getItems();
        List<ReplicaSet> sets = client.apps().replicaSets().inAnyNamespace().list().getItems();
        Set<String> deploymentUids = deployments.stream().map(d -> d.getMetadata().getUid()).collect(Collectors.toSet());
        for (ReplicaSet rs : sets) {
            String owner = Owners.controllerUid(rs, "Deployment");
            if (owner != null && !deploymentUids.contains(owner)) {
                delete(() -> client.resource(rs).delete());
            }
        }
        Set<String> rsUids = sets.stream().map(r -> r.getMetadata().getUid()).collect(Collectors.toSet());
        for (Pod p : pods) {
            String owner = Owners.controllerUid(p, "ReplicaSet");
            if (owner != null && !rsUids.contains(owner)) {
                delete(() -> client.resource(p).delete());
            }
        }
        for (Deployment d : deployments) {
            try {
                reconcile(d, sets, pods);
            } catch (KubernetesClientException e) {
                // conflicts and races resolve on the next pass
            }
        }
    }

    private void reconcile(Deployment d, List<ReplicaSet> allSets, List<Pod> allPods) {
        String uid = d.getMetadata().getUid();
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        String hash = Owners.templateHash(d.getSpec().getTemplate());
        List<ReplicaSet> sets = allSets.stream().filter(r -> uid.equals(Owners.controllerUid(r, "Deployment")))
                .toList();
        ReplicaSet current = sets.stream().filter(r -> hash.equals(label(r.getMetadata().getLabels(), HASH)))
                .findFirst().orElse(null);
        if (current == null) {
            int revision = sets.stream().mapToInt(r -> revision(r.getMetadata().getAnnotations())).max().orElse(0) + 1;
            current = client.apps().replicaSets().inNamespace(ns(d)).resource(newSet(d, hash, replicas, revision))
                    .create();
            Events.record(client, d, "Normal", "ScalingReplicaSet", "Scaled up replica set "
                    + current.getMetadata().getName() + " to " + replicas, "deployment-controller");
        } else if (!Objects.equals(current.getSpec().getReplicas(), replicas)) {
            current.getSpec().setReplicas(replicas);
            current = client.resource(current).update();
        }
        String currentUid = current.getMetadata().getUid();
        for (ReplicaSet old : sets) {
            if (old != current && !old.getMetadata().getUid().equals(currentUid)
                    && !Objects.equals(old.getSpec().getReplicas(), 0)) {
                old.getSpec().setReplicas(0);
                client.resource(old).update();
            }
        }
        Set<String> setUids = sets.stream().map(r -> r.getMetadata().getUid()).collect(Collectors.toSet());
        setUids.add(currentUid);
        List<Pod> owned = allPods.stream().filter(p -> setUids.contains(Owners.controllerUid(p, "ReplicaSet")))
                .toList();
        List<Pod> fresh = owned.stream().filter(p -> currentUid.equals(Owners.controllerUid(p, "ReplicaSet")))
                .toList();
        List<Pod> old = owned.stream().filter(p -> !fresh.contains(p)).toList();
        old.forEach(p -> delete(() -> client.resource(p).delete()));
        if (old.isEmpty()) {
            for (int i = fresh.size(); i < replicas; i++) {
                try {
                    client.pods().inNamespace(ns(d)).resource(newPod(current)).create();
                } catch (KubernetesClientException e) {
                    Events.failedCreate(client, current, e, "replicaset-controller");
                    throw e;
                }
            }
            fresh.stream().skip(replicas).forEach(p -> delete(() -> client.resource(p).delete()));
        }
        int ready = (int) owned.stream().filter(DeploymentController::isReady).count();
        int freshReady = (int) fresh.stream().filter(DeploymentController::isReady).count();
        writeSetStatus(current, fresh.size(), freshReady);
        writeStatus(d, owned.size(), Math.min(fresh.size(), replicas), ready, replicas);
    }

    private void writeStatus(Deployment d, int total, int updated, int ready, int replicas) {
        boolean available = ready >= replicas;
        boolean complete = updated == replicas && total == replicas && ready == replicas;
        DeploymentStatus status = new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(total).withUpdatedReplicas(updated).withReadyReplicas(ready).withAvailableReplicas(ready)
                .withUnavailableReplicas(Math.max(0, replicas - ready))
                .withConditions(condition(d, "Available", available, available ? "MinimumReplicasAvailable"
                                : "MinimumReplicasUnavailable"),
                        condition(d, "Progressing", true, complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated"))
                .build();
        if (!status.equals(d.getStatus())) {
            StatusWriter.update(client, client.apps().deployments().inNamespace(ns(d)).withName(name(d)), fresh -> {
                if (!fresh.getMetadata().getUid().equals(d.getMetadata().getUid()) || status.equals(fresh.getStatus())) {
                    return false;
                }
                status.setObservedGeneration(fresh.getMetadata().getGeneration());
                fresh.setStatus(status);
                return true;
            });
        }
    }

    private void writeSetStatus(ReplicaSet rs, int replicas, int ready) {
        var status = new ReplicaSetStatusBuilder().withReplicas(replicas).withFullyLabeledReplicas(replicas)
                .withReadyReplicas(ready).withAvailableReplicas(ready)
                .withObservedGeneration(rs.getMetadata().getGeneration()).build();
        if (!status.equals(rs.getStatus())) {
            StatusWriter.update(client, client.apps().replicaSets().inNamespace(ns(rs)).withName(name(rs)), fresh -> {
                fresh.setStatus(status);
                return true;
            });
        }
    }

    private static DeploymentCondition condition(Deployment d, String type, boolean value, String reason) {
        String status = value ? "True" : "False";
        DeploymentCondition old = d.getStatus() == null || d.getStatus().getConditions() == null ? null
                : d.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElse(null);
        if (old != null && status.equals(old.getStatus()) && reason.equals(old.getReason())) {
            return old;
        }
        String now = ContainerRun.now();
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(type.equals("Available") ? "Deployment " + reason : "ReplicaSet progress: " + reason)
                .withLastUpdateTime(now).withLastTransitionTime(now).build();
    }

    private static ReplicaSet newSet(Deployment d, String hash, int replicas, int revision) {
        PodTemplateSpec template = Serialization.clone(d.getSpec().getTemplate());
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels() == null ? Map.of()
                : template.getMetadata().getLabels());
        labels.put(HASH, hash);
        template.getMetadata().setLabels(labels);
        Map<String, String> selector = new LinkedHashMap<>(d.getSpec().getSelector() == null
                || d.getSpec().getSelector().getMatchLabels() == null ? Map.of()
                : d.getSpec().getSelector().getMatchLabels());
        selector.put(HASH, hash);
        return new ReplicaSetBuilder().withNewMetadata().withName(name(d) + "-" + hash).withNamespace(ns(d))
                .withLabels(labels).withAnnotations(Map.of(REVISION, String.valueOf(revision)))
                .withOwnerReferences(Owners.controllerRef(d)).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(selector).endSelector()
                .withTemplate(template).endSpec().build();
    }

    private static Pod newPod(ReplicaSet rs) {
        PodTemplateSpec t = rs.getSpec().getTemplate();
        return new PodBuilder().withNewMetadata()
                .withName(name(rs) + "-" + Owners.randomSuffix(5)).withNamespace(ns(rs))
                .withLabels(t.getMetadata().getLabels())
                .withAnnotations(t.getMetadata().getAnnotations() == null ? new HashMap<>()
                        : t.getMetadata().getAnnotations())
                .withOwnerReferences(Owners.controllerRef(rs)).endMetadata()
                .withSpec(Serialization.clone(t.getSpec())).build();
    }

    static boolean isReady(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static int revision(Map<String, String> annotations) {
        try {
            return annotations == null ? 0 : Integer.parseInt(annotations.getOrDefault(REVISION, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String label(Map<String, String> labels, String key) {
        return labels == null ? null : labels.get(key);
    }

    static void delete(Runnable deletion) {
        try {
            deletion.run();
        } catch (KubernetesClientException e) {
            // already gone
        }
    }

    private static String ns(io.fabric8.kubernetes.api.model.HasMetadata o) {
        return o.getMetadata().getNamespace();
    }

    private static String name(io.fabric8.kubernetes.api.model.HasMetadata o) {
        return o.getMetadata().getName();
    }
}
