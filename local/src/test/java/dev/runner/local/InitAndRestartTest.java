package dev.runner.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Init containers gate the main container; failures show as Init:Error with restarts; crashes restart. */
class InitAndRestartTest {
    static final String NS = "hasura";
    static final Duration T = Duration.ofSeconds(30);

    @Test
    void failingInitContainerBlocksThenATemplateFixRollsOut() throws Exception {
        var dir = Testbed.tempDir("local-init-test");
        try (LocalEnvironment env = LocalEnvironment.start(dir.resolve("env"), Testbed.entrypoint(), true,
                List.of("old"))) {
            KubernetesClient c = env.cluster("old").client();
            c.apps().deployments().inNamespace(NS).resource(deployment("exit 3", "sleep 1; exit 7")).create();

            Pod stuck = Testbed.await(T, "init container restarted", () -> c.pods().inNamespace(NS)
                    .withLabel("app", "web").list().getItems().stream()
                    .filter(p -> p.getStatus() != null && !p.getStatus().getInitContainerStatuses().isEmpty()
                            && p.getStatus().getInitContainerStatuses().get(0).getRestartCount() >= 1)
                    .findFirst().orElse(null));
            assertEquals("Pending", stuck.getStatus().getPhase());
            var init = stuck.getStatus().getInitContainerStatuses().get(0);
            assertEquals(3, init.getLastState().getTerminated().getExitCode());
            assertTrue(stuck.getStatus().getContainerStatuses().get(0).getState().getWaiting() != null);
            String table = Testbed.kubectl(env.kubeconfig(), "get", "pods", "-n", NS);
            assertTrue(table.contains("Init:"), table);

            c.apps().deployments().inNamespace(NS).withName("web").edit(d -> deployment("exit 0", "sleep 1; exit 7"));
            Pod crashing = Testbed.await(T, "main container restarted", () -> c.pods().inNamespace(NS)
                    .withLabel("app", "web").list().getItems().stream()
                    .filter(p -> p.getStatus() != null && !p.getStatus().getContainerStatuses().isEmpty()
                            && p.getStatus().getContainerStatuses().get(0).getRestartCount() >= 1)
                    .findFirst().orElse(null));
            assertEquals(0, crashing.getStatus().getInitContainerStatuses().get(0).getState().getTerminated()
                    .getExitCode());
            assertEquals(7, crashing.getStatus().getContainerStatuses().get(0).getLastState().getTerminated()
                    .getExitCode());
            assertTrue(c.v1().events().inNamespace(NS).list().getItems().stream()
                    .anyMatch(e -> "BackOff".equals(e.getReason())), "BackOff event recorded");
        }
    }

    private static Deployment deployment(String init, String main) {
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
                .addNewInitContainer().withName("prepare").withImage("busybox").withCommand("sh", "-c", init)
                .endInitContainer()
                .addNewContainer().withName("web").withImage("busybox").withCommand("sh", "-c", main).endContainer()
                .endSpec().endTemplate().endSpec().build();
    }
}
