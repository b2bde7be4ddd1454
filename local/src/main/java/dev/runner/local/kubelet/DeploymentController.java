package dev.runner.local.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Deployments → ReplicaSets, as pkg/controller/deployment does it (the {@link ReplicaSetController} turns
 * ReplicaSets into pods). Each pod template has a ReplicaSet named after its hash (label pod-template-hash) and a
 * revision. The strategy decides the rollout:
 * <ul>
 * <li>RollingUpdate (the default): the new ReplicaSet is scaled up first, at most maxSurge pods above the desired
 * count; old ReplicaSets are scaled down only as far as the available pods allow (maxUnavailable) — so at 1
 * replica with the default 25%/25% the new pod starts <em>before</em> the old one stops (rolling.go).</li>
 * <li>Recreate: old ReplicaSets go to 0, and the new one is scaled up only when no old pod is left, terminating
 * ones included (recreate.go).</li>
 * </ul>
 * Status: replicas, updated, ready, available (Ready for minReadySeconds), observedGeneration of the spec acted
 * on, and the Available and Progressing conditions {@code kubectl rollout status} reads; no progress for
 * progressDeadlineSeconds is {@code Progressing=False ProgressDeadlineExceeded} (progress.go). ReplicaSets beyond
 * revisionHistoryLimit are removed; orphaned ones garbage-collected.
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
 */
final class DeploymentController {
    static final String HASH = "pod-template-hash";
    private static final String REVISION = "deployment.kubernetes.io/revision";
    private final KubernetesClient client;
    private final Supplier<List<Pod>> terminating;
    private final ReplicaSetController replicaSets;

    /** {@code terminating}: pods deleted from the API whose containers the kubelet is still stopping. */
    DeploymentController(KubernetesClient client, Supplier<List<Pod>> terminating) {
        this.client = client;
        this.terminating = terminating;
        this.replicaSets = new ReplicaSetController(client);
    }

    /**
     * One pass: ReplicaSet status from the pods first, so the Deployments are judged on it in the same pass (a
     * real controller hears of each change at once; a pass behind, a rollout looks complete seconds late), then the
     * rollouts, then the ReplicaSets' pods for the replica counts just set.
     */
    void reconcile(List<Pod> pods) {
        List<Deployment> deployments = client.apps().deployments().inAnyNamespace().list().getItems();
        List<ReplicaSet> sets = client.apps().replicaSets().inAnyNamespace().list().getItems();
        Set<String> deploymentUids = deployments.stream().map(d -> d.getMetadata().getUid())
                .collect(Collectors.toSet());
        for (ReplicaSet rs : sets) {
            String owner = Owners.controllerUid(rs, "Deployment");
            if (owner != null && !deploymentUids.contains(owner)) {
                delete(() -> client.resource(rs).delete());
            }
        }
        replicaSets.reconcile(sets, pods);
        sets = client.apps().replicaSets().inAnyNamespace().list().getItems();
        for (Deployment d : deployments) {
            try {
                new Rollout(client, d, sets, pods, terminating.get()).sync();
            } catch (KubernetesClientException e) {
                // conflicts and races resolve on the next pass
            }
        }
        replicaSets.reconcile(client.apps().replicaSets().inAnyNamespace().list().getItems(),
                client.pods().inAnyNamespace().list().getItems());
    }

    /** One pass over one Deployment. */
    private static final class Rollout {
        private final KubernetesClient client;
        private final Deployment d;
        private final RolloutMath math;
        private final List<ReplicaSet> sets;
        private final List<Pod> pods;
        private final List<Pod> terminating;
        private ReplicaSet current;

        Rollout(KubernetesClient client, Deployment d, List<ReplicaSet> all, List<Pod> pods, List<Pod> terminating) {
            this.client = client;
            this.d = d;
            this.math = RolloutMath.of(d);
            this.sets = new ArrayList<>(all.stream().filter(r -> d.getMetadata().getUid().equals(
                    Owners.controllerUid(r, "Deployment"))).toList());
            this.pods = pods;
            this.terminating = terminating;
            String hash = Owners.templateHash(d.getSpec().getTemplate());
            this.current = sets.stream().filter(r -> hash.equals(label(r, HASH))).findFirst().orElse(null);
        }

        void sync() {
            boolean recreate = d.getSpec().getStrategy() != null
                    && "Recreate".equals(d.getSpec().getStrategy().getType());
            String created = null;
            if (recreate) {
                scaleOldTo0();
                if (current == null && oldPodsGone()) {
                    created = createNewSet(math.replicas());
                } else if (current != null && oldPodsGone()) {
                    scale(current, math.replicas());
                }
            } else {
                if (current == null) {
                    created = createNewSet(math.newReplicaSetTarget(0, specReplicas(old())));
                } else if (replicas(current) > math.replicas()) {
                    scale(current, math.replicas());
                } else {
                    scale(current, math.newReplicaSetTarget(replicas(current), specReplicas(sets)));
                }
                scaleDownOld();
            }
            pruneHistory();
            new RolloutStatus(d, math, current, old(), created).write(client);
        }

        private List<ReplicaSet> old() {
            return sets.stream().filter(r -> r != current).toList();
        }

        /** recreate.go scaleDownOldReplicaSetsForRecreate. */
        private void scaleOldTo0() {
            old().forEach(r -> scale(r, 0));
        }

        /**
         * oldPodsRunning: no pod of an old ReplicaSet is left in the API, nor still being stopped by the kubelet
         * (a real API server keeps such a pod, Terminating, until its containers are gone).
         */
        private boolean oldPodsGone() {
            Set<String> oldUids = old().stream().map(r -> r.getMetadata().getUid()).collect(Collectors.toSet());
            return java.util.stream.Stream.concat(pods.stream(), terminating.stream())
                    .noneMatch(p -> oldUids.contains(Owners.controllerUid(p, "ReplicaSet")) && !finished(p));
        }

        /**
         * reconcileOldReplicaSets: old pods go only as far as availability allows — first the unavailable ones,
         * then available ones down to replicas - maxUnavailable available pods in all.
         */
        private void scaleDownOld() {
            List<ReplicaSet> old = old();
            if (specReplicas(old) == 0) {
                return;
            }
            int newUnavailable = current == null ? 0 : replicas(current) - available(current);
            int budget = specReplicas(sets) - math.minAvailable() - newUnavailable;
            if (budget <= 0) {
                return;
            }
            List<ReplicaSet> oldestFirst = old.stream().sorted(Comparator.comparing(
                    (ReplicaSet r) -> r.getMetadata().getCreationTimestamp())).toList();
            for (ReplicaSet r : oldestFirst) {
                int unhealthy = Math.min(budget, replicas(r) - available(r));
                if (unhealthy > 0) {
                    scale(r, replicas(r) - unhealthy);
                    budget -= unhealthy;
                }
            }
            int availableAll = sets.stream().mapToInt(Rollout::available).sum();
            int canGo = Math.min(budget, availableAll - math.minAvailable());
            for (ReplicaSet r : oldestFirst) {
                int down = Math.min(canGo, replicas(r));
                if (down > 0) {
                    scale(r, replicas(r) - down);
                    canGo -= down;
                }
            }
        }

        private String createNewSet(int replicas) {
            int revision = sets.stream().mapToInt(r -> revision(r)).max().orElse(0) + 1;
            String hash = Owners.templateHash(d.getSpec().getTemplate());
            current = client.apps().replicaSets().inNamespace(ns(d)).resource(newSet(d, hash, replicas, revision))
                    .create();
            sets.add(current);
            Events.record(client, d, "Normal", "ScalingReplicaSet", "Scaled up replica set "
                    + current.getMetadata().getName() + " from 0 to " + replicas, "deployment-controller");
            return current.getMetadata().getName();
        }

        private void scale(ReplicaSet r, int to) {
            int from = replicas(r);
            if (from == to) {
                return;
            }
            r.getSpec().setReplicas(to);
            if (r.getSpec().getMinReadySeconds() == null || !Objects.equals(r.getSpec().getMinReadySeconds(),
                    d.getSpec().getMinReadySeconds())) {
                r.getSpec().setMinReadySeconds(d.getSpec().getMinReadySeconds());
            }
            ReplicaSet written = client.resource(r).update();
            sets.replaceAll(x -> x == r ? written : x);
            if (r == current) {
                current = written;
            }
            Events.record(client, d, "Normal", "ScalingReplicaSet", "Scaled " + (to > from ? "up" : "down")
                    + " replica set " + r.getMetadata().getName() + " from " + from + " to " + to,
                    "deployment-controller");
        }

        /** cleanupDeployment: old ReplicaSets with no pods beyond revisionHistoryLimit go, oldest first. */
        private void pruneHistory() {
            int limit = d.getSpec().getRevisionHistoryLimit() == null ? 10 : d.getSpec().getRevisionHistoryLimit();
            List<ReplicaSet> idle = old().stream().filter(r -> replicas(r) == 0 && statusReplicas(r) == 0)
                    .sorted(Comparator.comparing((ReplicaSet r) -> revision(r))).toList();
            for (int i = 0; i < idle.size() - limit; i++) {
                ReplicaSet r = idle.get(i);
                delete(() -> client.resource(r).delete());
                sets.remove(r);
            }
        }

        private static int available(ReplicaSet r) {
            return r.getStatus() == null || r.getStatus().getAvailableReplicas() == null ? 0
                    : r.getStatus().getAvailableReplicas();
        }
    }

    /** calculateStatus and syncRolloutStatus of sync.go / progress.go. */
    private record RolloutStatus(Deployment d, RolloutMath math, ReplicaSet current, List<ReplicaSet> old,
            String created) {
        void write(KubernetesClient client) {
            List<ReplicaSet> all = new ArrayList<>(old);
            if (current != null) {
                all.add(current);
            }
            int replicas = all.stream().mapToInt(DeploymentController::statusReplicas).sum();
            int updated = current == null ? 0 : statusReplicas(current);
            int ready = all.stream().mapToInt(r -> r.getStatus() == null || r.getStatus().getReadyReplicas() == null
                    ? 0 : r.getStatus().getReadyReplicas()).sum();
            int available = all.stream().mapToInt(Rollout::available).sum();
            DeploymentStatus before = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
            DeploymentStatus status = new DeploymentStatusBuilder()
                    .withObservedGeneration(d.getMetadata().getGeneration())
                    .withReplicas(replicas).withUpdatedReplicas(updated).withReadyReplicas(ready)
                    .withAvailableReplicas(available)
                    .withUnavailableReplicas(Math.max(0, math.replicas() - available))
                    .withCollisionCount(before.getCollisionCount())
                    .withConditions(before.getConditions() == null ? new ArrayList<>()
                            : new ArrayList<>(before.getConditions())).build();
            RolloutConditions.update(d, math, status, before, current, created);
            if (status.equals(d.getStatus())) {
                return;
            }
            StatusWriter.update(client, client.apps().deployments().inNamespace(ns(d)).withName(d.getMetadata()
                    .getName()), fresh -> {
                        if (!fresh.getMetadata().getUid().equals(d.getMetadata().getUid())) {
                            return false;
                        }
                        fresh.setStatus(status);
                        return true;
                    });
            if (d.getMetadata().getAnnotations() == null || current != null && !Objects.equals(
                    d.getMetadata().getAnnotations().get(REVISION), current.getMetadata().getAnnotations()
                            .get(REVISION))) {
                syncRevision(client);
            }
        }

        /** The Deployment carries its current ReplicaSet's revision (kubectl rollout history reads it). */
        private void syncRevision(KubernetesClient client) {
            if (current == null) {
                return;
            }
            String revision = current.getMetadata().getAnnotations().get(REVISION);
            client.apps().deployments().inNamespace(ns(d)).withName(d.getMetadata().getName()).edit(x -> {
                Map<String, String> a = x.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
                        : new LinkedHashMap<>(x.getMetadata().getAnnotations());
                a.put(REVISION, revision);
                x.getMetadata().setAnnotations(a);
                return x;
            });
        }
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
        return new ReplicaSetBuilder().withNewMetadata().withName(d.getMetadata().getName() + "-" + hash)
                .withNamespace(ns(d)).withLabels(labels).withAnnotations(Map.of(REVISION, String.valueOf(revision)))
                .withOwnerReferences(Owners.controllerRef(d)).endMetadata()
                .withNewSpec().withReplicas(replicas).withMinReadySeconds(d.getSpec().getMinReadySeconds())
                .withNewSelector().withMatchLabels(selector).endSelector().withTemplate(template).endSpec().build();
    }

    static boolean isReady(Pod p) {
        return ReplicaSetController.isReady(p);
    }

    private static boolean finished(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static int replicas(ReplicaSet r) {
        return r.getSpec().getReplicas() == null ? 1 : r.getSpec().getReplicas();
    }

    private static int specReplicas(List<ReplicaSet> sets) {
        return sets.stream().mapToInt(DeploymentController::replicas).sum();
    }

    private static int statusReplicas(ReplicaSet r) {
        return r.getStatus() == null || r.getStatus().getReplicas() == null ? 0 : r.getStatus().getReplicas();
    }

    private static int revision(ReplicaSet r) {
        Map<String, String> annotations = r.getMetadata().getAnnotations();
        try {
            return annotations == null ? 0 : Integer.parseInt(annotations.getOrDefault(REVISION, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String label(ReplicaSet r, String key) {
        return r.getMetadata().getLabels() == null ? null : r.getMetadata().getLabels().get(key);
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
}
