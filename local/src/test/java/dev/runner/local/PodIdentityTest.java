package dev.runner.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the kubelet and controllers do with the API server's identity rules: a pod finds its ServiceAccount's token,
 * the cluster CA and its namespace where in-cluster clients look, and a Job whose pod template a restricted namespace
 * refuses gets the upstream warning on create and a FailedCreate event instead of pods.
 */
class PodIdentityTest {
    static final Duration T = Duration.ofSeconds(60);

    @Test
    void podsSeeTheirTokenAndRefusedJobPodsAreFailedCreateEvents() throws Exception {
        Path dir = Testbed.tempDir("local-identity-test");
        try (LocalEnvironment env = LocalEnvironment.start(dir.resolve("env"), Testbed.entrypoint(), true,
                List.of("id"))) {
            LocalCluster cluster = env.cluster("id");
            KubernetesClient c = cluster.client();
            c.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("app").endMetadata().build())
                    .create();
            Testbed.kubectl(env.kubeconfig(), "-n", "app", "create", "deployment", "sleeper", "--image=busybox",
                    "--", "sleep", "3600");
            Pod pod = Testbed.readyPod(c, "app", "sleeper", T);
            String dirPath = "/var/run/secrets/kubernetes.io/serviceaccount/";
            var files = Testbed.exec(c, "app", pod.getMetadata().getName(), "sh", "-c",
                    "cat " + dirPath + "namespace; echo; head -1 " + dirPath + "ca.crt; cut -d. -f2 " + dirPath
                            + "token | base64 -d 2>/dev/null; echo; echo $KUBERNETES_SERVICE_PORT");
            String[] lines = files.stdout().split("\n");
            assertEquals("app", lines[0], files.stdout());
            assertEquals("-----BEGIN CERTIFICATE-----", lines[1]);
            assertTrue(lines[2].contains("\"sub\":\"system:serviceaccount:app:default\""), files.stdout());
            assertTrue(lines[2].contains("\"pod\":{\"name\":\"" + pod.getMetadata().getName()), files.stdout());
            assertEquals(cluster.url(), "https://127.0.0.1:" + lines[3]);
            // the token authenticates as the pod's account, which RBAC lets list nothing
            String token = Testbed.exec(c, "app", pod.getMetadata().getName(), "cat", dirPath + "token").stdout();
            Process p = new ProcessBuilder("kubectl", "--kubeconfig", env.kubeconfig().toString(), "--token=" + token,
                    "get", "pods", "-n", "app").redirectErrorStream(true).start();
            String denied = new String(p.getInputStream().readAllBytes());
            assertEquals(1, p.waitFor());
            assertEquals("Error from server (Forbidden): pods is forbidden: User \"system:serviceaccount:app:default\" "
                    + "cannot list resource \"pods\" in API group \"\" in the namespace \"app\"\n", denied);

            Testbed.kubectl(env.kubeconfig(), "label", "namespace", "app",
                    "pod-security.kubernetes.io/enforce=restricted", "pod-security.kubernetes.io/warn=restricted");
            String created = Testbed.kubectl(env.kubeconfig(), "-n", "app", "create", "job", "plain",
                    "--image=busybox", "--", "true");
            assertTrue(created.startsWith("Warning: would violate PodSecurity \"restricted:latest\": "
                    + "allowPrivilegeEscalation != false (container \"plain\""), created);
            Event failed = Testbed.await(T, "FailedCreate event", () -> c.v1().events().inNamespace("app").list()
                    .getItems().stream().filter(e -> "FailedCreate".equals(e.getReason())
                            && "plain".equals(e.getInvolvedObject().getName())).findFirst().orElse(null));
            assertEquals("Warning", failed.getType());
            assertTrue(failed.getMessage().matches("Error creating: pods \"plain-[a-z0-9]+\" is forbidden: violates "
                    + "PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false .*"), failed.getMessage());
            assertEquals(List.of(), c.pods().inNamespace("app").withLabel("job-name", "plain").list().getItems());
        }
    }
}
