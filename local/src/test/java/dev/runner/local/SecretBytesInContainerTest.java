package dev.runner.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.runner.cli.Main;
import dev.runner.k8s.HostileValues;
import dev.runner.local.kubelet.LocalImages;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Secret values from a workflow param to a real container: the apply step writes the shipped GCS repository
 * templates (k8s/backup/gcs-*.yaml) with hostile values, and a pod of the archiver image (a podman container) that
 * loads them like the postgres container does — envFrom Secret and ConfigMap pgbackrest-repo, Secret
 * pgbackrest-repo-files as a volume — must see every value byte for byte: in the environment of the process its
 * entrypoint execs (what postgres and every archive_command inherit) and in the key file PGBACKREST_REPO1_GCS_KEY
 * names. Needs root and podman: it fails loudly without them, it never skips.
 */
class SecretBytesInContainerTest {
    static final String NS = "default";
    static final Duration T = Duration.ofSeconds(120);

    static final String WORKFLOW = """
            apiVersion: runner/v1
            kind: Workflow
            name: secret-bytes
            params:
              value: {type: string, secret: true, from: env:HOSTILE_VALUE}
            steps:
              - id: repo
                type: apply
                with:
                  namespace: default
                  file: ["%1$s/gcs-secret.yaml", "%1$s/gcs-configmap.yaml"]
                  vars:
                    namespace: default
                    stanza: main
                    repoPath: /pg
                    gcsBucket: b
                    gcsEndpoint: ""
                    gcsKeyType: service
                    gcsKeyJson: "${params.value}"
                    verifyTls: "y"
                    caFile: ""
                    cipherType: aes-256-cbc
                    cipherPass: "${params.value}"
                    retentionFull: "2"
                    compressType: lz4
                    processMax: "1"
                    startFast: "y"
                    logLevel: ""
            """;

    @Test
    void everyValueReachesTheContainersEnvironmentAndKeyFileByteIdentical() throws Exception {
        LocalImages images = LocalImages.build(ImageScript.home());
        Path dir = Testbed.tempDir("local-secret-bytes");
        Path workflow = dir.resolve("secret-bytes.yaml");
        Files.writeString(workflow, WORKFLOW.formatted(ImageScript.home().resolve("k8s/backup")));
        try (LocalCluster cluster = LocalCluster.startInContainers("sec", dir.resolve("c"), images)) {
            KubernetesClient c = cluster.client();
            List<String> values = HostileValues.all();
            for (int i = 0; i < values.size(); i++) {
                String value = values.get(i);
                Map<String, String> env = new HashMap<>(System.getenv());
                env.put("HOSTILE_VALUE", value);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                int code = Main.run(new String[] {"run", workflow.toString(), "--kubeconfig",
                        cluster.workDir().resolve("kubeconfig").toString(), "--state-dir", dir.resolve("state").toString()},
                        out, out, env);
                assertEquals(0, code, bytes.toString(StandardCharsets.UTF_8));

                String name = "bytes-" + i;
                c.pods().inNamespace(NS).resource(pod(name)).create();
                awaitRunning(c, name);
                Testbed.ExecResult environ = Testbed.exec(c, NS, name, "cat", "/proc/1/environ");
                assertEquals(0, environ.exitCode(), environ.stderr());
                Map<String, String> seen = new HashMap<>();
                for (String entry : environ.stdout().split("\0")) {
                    int eq = entry.indexOf('=');
                    if (eq > 0) {
                        seen.put(entry.substring(0, eq), entry.substring(eq + 1));
                    }
                }
                assertEquals(value, seen.get("PGBACKREST_REPO1_CIPHER_PASS"), "value #" + i + " in the environment");
                assertFalse(seen.containsKey("gcs-key.json"), "a key file is no environment variable");
                Testbed.ExecResult file = Testbed.exec(c, NS, name, "cat", seen.get("PGBACKREST_REPO1_GCS_KEY"));
                assertEquals(value, file.stdout(), "value #" + i + " in the key file");
                c.pods().inNamespace(NS).withName(name).withGracePeriod(0).delete();
            }
        }
    }

    /** Until the container runs; a pod that ended or waits with a reason fails the test with its status. */
    static void awaitRunning(KubernetesClient c, String name) {
        long end = System.nanoTime() + T.toNanos();
        Pod p = null;
        while (System.nanoTime() < end) {
            p = c.pods().inNamespace(NS).withName(name).get();
            var statuses = p == null || p.getStatus() == null ? null : p.getStatus().getContainerStatuses();
            if (statuses != null && !statuses.isEmpty()) {
                var state = statuses.get(0).getState();
                if (state != null && state.getRunning() != null) {
                    return;
                }
                if (state != null && state.getTerminated() != null) {
                    break;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("pod " + name + " is not running: " + (p == null ? "gone" : p.getStatus()));
    }

    /** A pod that loads the repository settings as the patched postgres container does, then idles. */
    static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata().withNewSpec()
                .withRestartPolicy("Never").withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("archiver").withImage("runner/postgres-pgbackrest:15")
                .withCommand("runner-pg.sh").withArgs("sleep", "3600")
                .addNewEnvFrom().withNewConfigMapRef().withName("pgbackrest-repo").endConfigMapRef().endEnvFrom()
                .addNewEnvFrom().withNewSecretRef().withName("pgbackrest-repo").endSecretRef().endEnvFrom()
                .addNewVolumeMount().withName("files").withMountPath("/etc/pgbackrest/repo").withReadOnly(true)
                .endVolumeMount().endContainer()
                .addNewVolume().withName("files").withNewSecret().withSecretName("pgbackrest-repo-files").endSecret()
                .endVolume().endSpec().build();
    }
}
