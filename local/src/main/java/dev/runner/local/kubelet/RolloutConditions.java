package dev.runner.local.kubelet;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.util.List;

/**
 * A Deployment's Available and Progressing conditions, as pkg/controller/deployment/sync.go (calculateStatus) and
 * progress.go (syncRolloutStatus) set them, with the reasons and messages {@code kubectl rollout status} and
 * {@code kubectl describe} show: Available is True once replicas - maxUnavailable pods are available; Progressing
 * is NewReplicaSetCreated / ReplicaSetUpdated while the rollout moves (its lastUpdateTime advancing on every
 * change), NewReplicaSetAvailable when complete, and False ProgressDeadlineExceeded when nothing has moved for
 * progressDeadlineSeconds.
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#deployment-status
 */
final class RolloutConditions {
    private RolloutConditions() {}

    static void update(Deployment d, RolloutMath math, DeploymentStatus status, DeploymentStatus before,
            ReplicaSet current, String created) {
        List<DeploymentCondition> conditions = status.getConditions();
        boolean available = status.getAvailableReplicas() >= math.minAvailable();
        set(conditions, "Available", available, available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
                false);
        if (d.getSpec().getProgressDeadlineSeconds() == null) {
            conditions.removeIf(c -> c.getType().equals("Progressing"));
            return;
        }
        String rs = current == null ? "" : current.getMetadata().getName();
        DeploymentCondition progressing = find(conditions, "Progressing");
        boolean complete = status.getUpdatedReplicas() == math.replicas() && status.getReplicas() == math.replicas()
                && status.getAvailableReplicas() == math.replicas();
        if (complete) {
            set(conditions, "Progressing", true, "NewReplicaSetAvailable", "ReplicaSet \"" + rs
                    + "\" has successfully progressed.", false);
        } else if (created != null) {
            set(conditions, "Progressing", true, "NewReplicaSetCreated", "Created new replica set \"" + created
                    + "\"", true);
        } else if (progressed(status, before)) {
            set(conditions, "Progressing", true, "ReplicaSetUpdated", "ReplicaSet \"" + rs + "\" is progressing.",
                    true);
        } else if (progressing == null) {
            set(conditions, "Progressing", true, "ReplicaSetUpdated", "ReplicaSet \"" + rs + "\" is progressing.",
                    true);
        } else if (timedOut(d, progressing)) {
            set(conditions, "Progressing", false, "ProgressDeadlineExceeded", "ReplicaSet \"" + rs
                    + "\" has timed out progressing.", false);
        }
    }

    /** DeploymentProgressing: more updated, ready or available pods, or fewer old ones, than last seen. */
    private static boolean progressed(DeploymentStatus now, DeploymentStatus before) {
        int oldNow = now.getReplicas() - now.getUpdatedReplicas();
        int oldBefore = value(before.getReplicas()) - value(before.getUpdatedReplicas());
        return now.getUpdatedReplicas() > value(before.getUpdatedReplicas()) || oldNow < oldBefore
                || now.getReadyReplicas() > value(before.getReadyReplicas())
                || now.getAvailableReplicas() > value(before.getAvailableReplicas());
    }

    /** DeploymentTimedOut: no progress recorded for progressDeadlineSeconds (a complete rollout never times out). */
    private static boolean timedOut(Deployment d, DeploymentCondition progressing) {
        if ("NewReplicaSetAvailable".equals(progressing.getReason())) {
            return false;
        }
        if ("ProgressDeadlineExceeded".equals(progressing.getReason())) {
            return true;
        }
        String from = progressing.getLastUpdateTime();
        return from != null && Instant.parse(from).plusSeconds(d.getSpec().getProgressDeadlineSeconds())
                .isBefore(Instant.now());
    }

    /**
     * Sets a condition; lastTransitionTime moves only when the status flips, lastUpdateTime whenever the reason or
     * message changes or {@code touch} says progress was made.
     */
    private static void set(List<DeploymentCondition> conditions, String type, boolean value, String reason,
            String message, boolean touch) {
        String status = value ? "True" : "False";
        String now = ContainerRun.now();
        DeploymentCondition old = find(conditions, type);
        if (old != null && status.equals(old.getStatus()) && reason.equals(old.getReason())
                && message.equals(old.getMessage()) && !touch) {
            return;
        }
        String transition = old != null && status.equals(old.getStatus()) ? old.getLastTransitionTime() : now;
        conditions.removeIf(c -> c.getType().equals(type));
        conditions.add(new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).withLastUpdateTime(now).withLastTransitionTime(transition).build());
        conditions.sort(java.util.Comparator.comparing(c -> c.getType().equals("Available") ? 0 : 1));
    }

    private static DeploymentCondition find(List<DeploymentCondition> conditions, String type) {
        return conditions.stream().filter(c -> c.getType().equals(type)).findFirst().orElse(null);
    }

    private static int value(Integer i) {
        return i == null ? 0 : i;
    }
}
