package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.step.StepException;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restore initContainer that fails: the rollout wait ends at its timeout and shows pgBackRest's error. */
class RestoreFailureReportTest {
    static final String NS = "hasura";
    @TempDir
    Path dir;
    MockCluster cluster = new MockCluster("a");

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    @Test
    void rolloutTimeoutShowsTheFailingInitContainersLog() throws Exception {
        cluster.client.apps().deployments().inNamespace(NS).resource(Fixtures.postgres(NS)).create();
        Fixtures.rolledOut(cluster.client, NS, "postgres");
        Deployment d = cluster.client.apps().deployments().inNamespace(NS).withName("postgres").get();
        d.getStatus().setReadyReplicas(0);
        d.getStatus().setAvailableReplicas(0);
        cluster.client.apps().deployments().inNamespace(NS).resource(d).updateStatus();
        var pod = Fixtures.pod(NS, "postgres-abc", "postgres", false);
        pod.getStatus().setInitContainerStatuses(List.of(new ContainerStatusBuilder().withName("pgbackrest-restore")
                .withRestartCount(0).withNewState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated()
                .endState().build()));
        cluster.client.pods().inNamespace(NS).resource(pod).create();
        cluster.server.expect().get().withPath("/api/v1/namespaces/hasura/pods/postgres-abc/log?pretty=false"
                + "&container=pgbackrest-restore&tailLines=15")
                .andReturn(200, "runner-pg: restore r1: pgbackrest --stanza=main restore\n"
                        + "ERROR: [075]: no backup set found to restore\nrunner-pg: error: pgbackrest restore failed (exit 75)\n")
                .always();
        try (TestContext c = new TestContext(Map.of("kubeconfig", MockCluster.kubeconfig(dir, NS, cluster).toString()))) {
            c.with("name", "postgres");
            c.timeout = Duration.ofMillis(1500);
            long t0 = System.nanoTime();
            StepException e = assertThrows(StepException.class, () -> new WaitForRolloutStep().run(c));
            assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 10, "bounded by the step timeout");
            assertTrue(e.getMessage().contains("pgbackrest-restore terminated: Error exit 1"), e.getMessage());
            assertTrue(e.getMessage().contains("log of postgres-abc/pgbackrest-restore:\n    runner-pg: restore r1"), e.getMessage());
            assertTrue(e.getMessage().contains("ERROR: [075]: no backup set found to restore"), e.getMessage());
        }
    }
}
