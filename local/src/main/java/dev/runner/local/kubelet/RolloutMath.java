package dev.runner.local.kubelet;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;

/**
 * The numbers of a RollingUpdate, as pkg/controller/deployment/util/deployment_util.go computes them:
 * maxSurge is a count or a percentage of the desired replicas rounded <em>up</em>, maxUnavailable rounded
 * <em>down</em> (intstr.GetScaledValueFromIntOrPercent); when both come out 0, maxUnavailable is 1
 * (ResolveFenceposts), so a rollout can always move. A Recreate Deployment has neither.
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment
 */
record RolloutMath(int replicas, int maxSurge, int maxUnavailable) {
    static RolloutMath of(Deployment d) {
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        var strategy = d.getSpec().getStrategy();
        if (strategy == null || !"RollingUpdate".equals(strategy.getType())) {
            return new RolloutMath(replicas, 0, 0);
        }
        RollingUpdateDeployment rolling = strategy.getRollingUpdate();
        int surge = scaled(rolling == null ? null : rolling.getMaxSurge(), replicas, true);
        int unavailable = scaled(rolling == null ? null : rolling.getMaxUnavailable(), replicas, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new RolloutMath(replicas, surge, Math.min(unavailable, replicas));
    }

    /** A count, or a percentage of {@code total} rounded up or down; absent means the default 25%. */
    static int scaled(IntOrString value, int total, boolean roundUp) {
        if (value == null) {
            value = new IntOrString("25%");
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal();
        int percent = Integer.parseInt(s.substring(0, s.length() - 1));
        return roundUp ? (int) Math.ceil(percent * total / 100.0) : (int) Math.floor(percent * total / 100.0);
    }

    /**
     * NewRSNewReplicas: how far the new ReplicaSet may be scaled up now — never past replicas + maxSurge pods in
     * all ReplicaSets together ({@code allSpecReplicas}), never past the desired replicas.
     */
    int newReplicaSetTarget(int newSpecReplicas, int allSpecReplicas) {
        int maxTotal = replicas + maxSurge;
        if (allSpecReplicas >= maxTotal) {
            return newSpecReplicas;
        }
        return newSpecReplicas + Math.min(maxTotal - allSpecReplicas, replicas - newSpecReplicas);
    }

    /** The fewest available pods the rollout must keep: replicas - maxUnavailable. */
    int minAvailable() {
        return replicas - maxUnavailable;
    }
}
