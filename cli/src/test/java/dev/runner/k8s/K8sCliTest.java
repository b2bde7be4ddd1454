package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.cli.Main;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kubernetes step types through the real CLI (in-process), against the mock API server. */
class K8sCliTest {
    static final String NS = "hasura";
    static final String KEY = "AKIA-cli-secret-77";
    @TempDir
    Path dir;
    MockCluster cluster;
    String out;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new MockCluster("prod");
        MockCluster.kubeconfig(dir, "default", cluster);
        cluster.client.apps().deployments().inNamespace(NS).resource(Fixtures.postgres(NS)).create();
        Fixtures.rolledOut(cluster.client, NS, "postgres");
        Files.writeString(dir.resolve("backup-config.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: hasura-backup}
                stringData: {PGBACKREST_REPO1_S3_KEY: "${vars.key}"}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: hasura-backup}
                data: {PGBACKREST_REPO1_S3_BUCKET: "${vars.bucket}"}
                """);
        Files.writeString(dir.resolve("wf.yaml"), """
                apiVersion: runner/v1
                kind: Workflow
                name: configure
                params:
                  key: {type: string, secret: true, from: env:TEST_S3_KEY}
                  bucket: {type: string, default: backups}
                steps:
                  - id: config
                    type: apply
                    with: {file: backup-config.yaml, vars: {key: "${params.key}", bucket: "${params.bucket}"}}
                  - id: patch
                    type: patch-deployment
                    needs: [config]
                    with:
                      name: postgres
                      container: postgres
                      image: runner/archiver:15
                      args: ["-c", "archive_mode=on"]
                      envFrom: [{secretRef: {name: hasura-backup}}, {configMapRef: {name: hasura-backup}}]
                  - id: rollout
                    type: wait-for-rollout
                    needs: [patch]
                    timeout: 30s
                    with: {name: postgres}
                  - id: restore
                    type: restore-deployment
                    needs: [rollout]
                    with: {name: postgres}
                  - id: rollout-back
                    type: wait-for-rollout
                    needs: [restore]
                    timeout: 30s
                    with: {name: postgres}
                """);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private int cli(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("TEST_S3_KEY", KEY);
        env.remove("KUBECONFIG");
        int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(o, true, StandardCharsets.UTF_8), env);
        out = o.toString(StandardCharsets.UTF_8);
        return code;
    }

    @Test
    void planThenRunTheConfigureSequenceThroughTheCli() {
        String kubeconfig = dir.resolve("kubeconfig").toString();
        Deployment original = cluster.client.apps().deployments().inNamespace(NS).withName("postgres").get();

        assertEquals(0, cli("plan", dir.resolve("wf.yaml").toString(), "--kubeconfig", kubeconfig, "-n", NS), out);
        assertTrue(out.contains("create Secret hasura/hasura-backup"), out);
        assertTrue(out.contains("+  PGBACKREST_REPO1_S3_BUCKET: backups"), out);
        assertFalse(out.contains(KEY), out);

        int before = cluster.requests();
        int requests;
        try (FakeDeploymentController controller = new FakeDeploymentController(cluster.client, NS)) {
            assertEquals(0, cli("run", dir.resolve("wf.yaml").toString(), "--kubeconfig", kubeconfig, "-n", NS,
                    "--state-dir", dir.resolve("state").toString()), out);
            requests = cluster.requests() - before - controller.requests.get();
        }
        assertTrue(out.contains("✓ rollout (wait-for-rollout)"), out);
        assertFalse(out.contains(KEY), out);
        assertTrue(cluster.client.configMaps().inNamespace(NS).withName("hasura-backup").get() != null);
        Deployment after = cluster.client.apps().deployments().inNamespace(NS).withName("postgres").get();
        assertEquals(original.getSpec(), after.getSpec(), "template and strategy (Recreate only for the changes)");
        assertEquals(original.getMetadata().getAnnotations(), after.getMetadata().getAnnotations());
        System.out.println("configure sequence through the CLI: " + requests + " API requests");
        assertTrue(requests <= 20, "requests: " + requests);
    }
}
