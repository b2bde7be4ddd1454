package dev.runner.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Jobs run to completion (a failed one keeps its logs); placeholder apps; nothing survives close(). */
class JobsAndShutdownTest {
    static final String NS = "hasura";
    static final Duration T = Duration.ofSeconds(30);

    @Test
    void jobsCompleteOrFailWithLogsAndCloseLeavesNoProcess() throws Exception {
        Path dir = Testbed.tempDir("local-jobs-test");
        List<ProcessHandle> pids;
        LocalCluster cluster;
        try (LocalEnvironment env = LocalEnvironment.start(dir.resolve("env"), Testbed.entrypoint(), true,
                List.of("old"))) {
            cluster = env.cluster("old");
            KubernetesClient c = cluster.client();
            c.secrets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                    .withNewMetadata().withName("auth").endMetadata()
                    .withData(java.util.Map.of("django.sapass", Testbed.b64("pw1"))).build()).create();
            c.apps().deployments().inNamespace(NS).resource(app("auth")).create();
            c.batch().v1().jobs().inNamespace(NS).resource(job("ok", "echo done; exit 0")).create();
            c.batch().v1().jobs().inNamespace(NS).resource(job("bad", "echo something broke >&2; exit 4")).create();

            Job ok = Testbed.await(T, "job ok complete", () -> finished(c, "ok", "Complete"));
            assertEquals(1, ok.getStatus().getSucceeded());
            Job bad = Testbed.await(T, "job bad failed", () -> finished(c, "bad", "Failed"));
            assertEquals(1, bad.getStatus().getFailed());
            Pod badPod = c.pods().inNamespace(NS).withLabel("job-name", "bad").list().getItems().get(0);
            assertEquals("Failed", badPod.getStatus().getPhase());
            assertEquals(4, badPod.getStatus().getContainerStatuses().get(0).getState().getTerminated()
                    .getExitCode());
            String log = c.pods().inNamespace(NS).withName(badPod.getMetadata().getName()).getLog();
            assertTrue(log.contains("something broke"), log);

            Pod auth = Testbed.readyPod(c, NS, "auth", T);
            var env1 = Testbed.exec(c, NS, auth.getMetadata().getName(), "sh", "-c", "echo $AUTH_PASS");
            assertEquals("pw1\n", env1.stdout());
            String authLog = c.pods().inNamespace(NS).withName(auth.getMetadata().getName()).getLog();
            assertTrue(authLog.contains("AUTH_PASS") && !authLog.contains("pw1"), authLog);

            // handles taken now compare start times later, so a reused pid is not mistaken for a leftover
            pids = cluster.processes().stream().map(ProcessHandle::of).flatMap(java.util.Optional::stream).toList();
            assertFalse(pids.isEmpty(), "the auth pod runs a process");
        }
        assertEquals(List.of(), cluster.processes());
        for (ProcessHandle p : pids) {
            assertFalse(p.isAlive(), "pid " + p.pid() + " left: " + p.info());
        }
    }

    private static Job finished(KubernetesClient c, String name, String type) {
        Job j = c.batch().v1().jobs().inNamespace(NS).withName(name).get();
        return j.getStatus() != null && j.getStatus().getConditions() != null && j.getStatus().getConditions()
                .stream().anyMatch(x -> x.getType().equals(type) && x.getStatus().equals("True")) ? j : null;
    }

    private static Job job(String name, String script) {
        return new JobBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata().withNewSpec()
                .withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("main").withImage("busybox:1.36").withCommand("sh", "-c", script)
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    private static io.fabric8.kubernetes.api.model.apps.Deployment app(String name) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addNewContainer().withName(name).withImage("hasura/" + name + ":v1")
                .addNewEnv().withName("AUTH_PASS").withNewValueFrom()
                .withNewSecretKeyRef("django.sapass", "auth", false).endValueFrom().endEnv()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }
}
