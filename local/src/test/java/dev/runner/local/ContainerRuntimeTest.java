package dev.runner.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Pods as real podman containers from the images scripts/build-images.sh builds: the stand-in postgres:15 runs its
 * own entrypoint as PID 1, as the image's postgres uid, on a PGDATA it owns with mode 0700, and a killed main
 * process is restarted per restartPolicy. Needs root and podman: in CI this fails loudly, it never skips.
 */
class ContainerRuntimeTest {
    static final String NS = "default";
    static final Duration T = Duration.ofSeconds(120);

    @Test
    void postgresRunsAsTheImageSaysAndRestartsWhenKilled() throws Exception {
        var dir = Testbed.tempDir("local-container-test");
        try (LocalCluster cluster = LocalCluster.start("ctr", dir.resolve("ctr"), ImageScript.source(), false,
                PodRuntime.CONTAINERS)) {
            KubernetesClient c = cluster.client();
            c.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata()
                    .withName("postgres").withNamespace(NS).endMetadata().withNewSpec().withReplicas(1)
                    .withNewSelector().addToMatchLabels("app", "postgres").endSelector().withNewTemplate()
                    .withNewMetadata().addToLabels("app", "postgres").endMetadata().withNewSpec()
                    .withTerminationGracePeriodSeconds(5L)
                    .addNewContainer().withName("postgres").withImage("postgres:15")
                    .addNewEnv().withName("POSTGRES_PASSWORD").withValue("pw").endEnv()
                    .addNewVolumeMount().withName("data").withMountPath("/var/lib/postgresql/data").endVolumeMount()
                    .endContainer()
                    .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("pgdata")
                    .endPersistentVolumeClaim().endVolume()
                    .endSpec().endTemplate().endSpec().build()).create();
            Pod ready = Testbed.await(T, "postgres ready", () -> c.pods().inNamespace(NS).withLabel("app", "postgres")
                    .list().getItems().stream().filter(p -> p.getStatus() != null && p.getStatus().getConditions()
                            .stream().anyMatch(x -> x.getType().equals("Ready") && x.getStatus().equals("True")))
                    .findFirst().orElse(null));
            String pod = ready.getMetadata().getName();
            var kubeconfig = cluster.workDir().resolve("kubeconfig");

            String cmdline = Testbed.kubectl(kubeconfig, "exec", "-n", NS, pod, "--", "cat", "/proc/1/cmdline");
            assertTrue(cmdline.startsWith("postgres"), "PID 1 is the image's server, exec'd by its entrypoint: "
                    + cmdline);
            // exec runs as the image's USER (root, as in the official image); the server dropped to postgres
            assertEquals("0", Testbed.kubectl(kubeconfig, "exec", "-n", NS, pod, "--", "id", "-u").trim());
            assertEquals("999", Testbed.kubectl(kubeconfig, "exec", "-n", NS, pod, "--", "stat", "-c", "%u",
                    "/proc/1").trim());
            assertEquals("999 700", Testbed.kubectl(kubeconfig, "exec", "-n", NS, pod, "--", "stat", "-c", "%u %a",
                    "/var/lib/postgresql/data").trim());
            assertTrue(ready.getStatus().getContainerStatuses().get(0).getContainerID().startsWith("podman://"));

            long pid = cluster.kubelet().containerMainPid(NS, pod, "postgres");
            assertTrue(pid > 0, "container has a main process");
            new ProcessBuilder("kill", "-KILL", String.valueOf(pid)).start().waitFor();
            Pod restarted = Testbed.await(T, "postgres restarted", () -> c.pods().inNamespace(NS).withName(pod).get())
                    ;
            Testbed.await(T, "restart counted", () -> {
                Pod p = c.pods().inNamespace(NS).withName(pod).get();
                var s = p.getStatus().getContainerStatuses().get(0);
                return s.getRestartCount() >= 1 && s.getLastState().getTerminated() != null
                        && s.getLastState().getTerminated().getExitCode() == 137 ? p : null;
            });
            assertEquals(pod, restarted.getMetadata().getName());
        }
    }
}
