package dev.runner.local.kubelet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

/** maxSurge rounds up, maxUnavailable down, both 0 becomes unavailable 1, as the deployment controller does. */
class RolloutMathTest {
    private static Deployment rolling(int replicas, Object surge, Object unavailable) {
        return new DeploymentBuilder().withNewSpec().withReplicas(replicas).withNewStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withMaxSurge(surge == null ? null : new IntOrString(surge))
                .withMaxUnavailable(unavailable == null ? null : new IntOrString(unavailable)).endRollingUpdate()
                .endStrategy().endSpec().build();
    }

    @Test
    void percentagesRoundSurgeUpAndUnavailableDown() {
        assertEquals(new RolloutMath(1, 1, 0), RolloutMath.of(rolling(1, "25%", "25%")), "the default at 1 replica");
        assertEquals(new RolloutMath(10, 3, 2), RolloutMath.of(rolling(10, "25%", "25%")));
        assertEquals(new RolloutMath(4, 1, 1), RolloutMath.of(rolling(4, null, null)), "absent means 25%");
        assertEquals(new RolloutMath(3, 2, 1), RolloutMath.of(rolling(3, 2, 1)), "counts are taken as they are");
    }

    @Test
    void bothZeroAfterRoundingMeansOneUnavailable() {
        assertEquals(new RolloutMath(1, 0, 1), RolloutMath.of(rolling(1, "0%", "10%")));
    }

    @Test
    void recreateHasNeitherSurgeNorUnavailable() {
        Deployment d = new DeploymentBuilder().withNewSpec().withReplicas(2).withNewStrategy().withType("Recreate")
                .endStrategy().endSpec().build();
        assertEquals(new RolloutMath(2, 0, 0), RolloutMath.of(d));
    }

    @Test
    void theNewReplicaSetGrowsOnlyWithinTheSurge() {
        RolloutMath m = new RolloutMath(4, 1, 1);
        assertEquals(1, m.newReplicaSetTarget(0, 4), "4 old + 1 surge");
        assertEquals(1, m.newReplicaSetTarget(1, 5), "at the ceiling: no more");
        assertEquals(3, m.newReplicaSetTarget(1, 3), "old scaled down by 2: two more");
        assertEquals(4, m.newReplicaSetTarget(3, 3), "never past the desired count");
        assertEquals(3, m.minAvailable());
    }
}
