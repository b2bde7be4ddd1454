package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyTest {
    static final String MANIFEST = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: backup-creds
            stringData:
              aws.access.key: ${vars.key}
              aws.secret.access.key: ${vars.secret}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: backup-config
              labels: {app: postgres}
            data:
              PGBACKREST_REPO1_S3_BUCKET: ${vars.bucket}
              script: echo ${HOME} $${vars.bucket}
            """;

    @TempDir
    Path dir;
    MockCluster cluster;
    TestContext ctx;
    final ApplyStep apply = new ApplyStep();

    @BeforeEach
    void setUp() throws Exception {
        cluster = new MockCluster("a");
        Files.writeString(dir.resolve("backup.yaml"), MANIFEST);
        ctx = new TestContext(Map.of("kubeconfig", MockCluster.kubeconfig(dir, "hasura", cluster).toString()));
        ctx.baseDir = dir;
    }

    @AfterEach
    void tearDown() throws Exception {
        ctx.close();
        cluster.close();
    }

    private TestContext step(String bucket) {
        return ctx.next().with("file", "backup.yaml")
                .with("vars", Map.of("key", "AKIAEXAMPLE", "secret", "s3cr3t-value", "bucket", bucket));
    }

    @Test
    void createsThenChangesNothingThenUpdatesWithMaskedDiff() throws Exception {
        StepPlan plan = apply.plan(step("b1"));
        assertEquals("apply 2 object(s): 2 to change", plan.action());
        assertTrue(plan.details().contains("create Secret hasura/backup-creds"), plan.details().toString());

        StepResult first = apply.run(step("b1"));
        assertEquals("2", first.outputs().get("created"));
        var secret = cluster.client.secrets().inNamespace("hasura").withName("backup-creds").get();
        assertEquals("s3cr3t-value", new String(Base64.getDecoder().decode(secret.getData().get("aws.secret.access.key")),
                StandardCharsets.UTF_8));
        var cm = cluster.client.configMaps().inNamespace("hasura").withName("backup-config").get();
        assertEquals("b1", cm.getData().get("PGBACKREST_REPO1_S3_BUCKET"));
        assertEquals("echo ${HOME} ${vars.bucket}", cm.getData().get("script"));

        cluster.drainRequests();
        StepResult second = apply.run(step("b1"));
        assertEquals("2", second.outputs().get("unchanged"));
        assertTrue(cluster.drainRequests().stream().allMatch(r -> r.startsWith("GET")), "a no-op apply only reads");
        assertFalse(apply.plan(step("b1")).changes());
        assertEquals(Observation.State.DONE, apply.observe(step("b1")).state());

        TestContext changed = step("b2");
        StepPlan diff = apply.plan(changed);
        String text = String.join("\n", diff.details());
        assertTrue(text.contains("-  PGBACKREST_REPO1_S3_BUCKET: b1") && text.contains("+  PGBACKREST_REPO1_S3_BUCKET: b2"),
                text);
        assertTrue(text.contains("unchanged Secret hasura/backup-creds"), text);
        assertFalse(text.contains("s3cr3t") || text.contains(Base64.getEncoder().encodeToString(
                "s3cr3t-value".getBytes(StandardCharsets.UTF_8))), text);
        assertEquals(Observation.State.NOT_DONE, apply.observe(changed).state());
        assertEquals("1", apply.run(changed).outputs().get("updated"));
        assertEquals("b2", cluster.client.configMaps().inNamespace("hasura").withName("backup-config").get()
                .getData().get("PGBACKREST_REPO1_S3_BUCKET"));
    }

    @Test
    void secretDiffSaysWhichKeyChangesWithoutItsValue() throws Exception {
        apply.run(step("b1"));
        TestContext rotated = ctx.next().with("file", "backup.yaml")
                .with("vars", Map.of("key", "AKIAEXAMPLE", "secret", "rotated-value", "bucket", "b1"));
        String text = String.join("\n", apply.plan(rotated).details());
        assertTrue(text.contains("+  aws.secret.access.key: '*** (changed)'") || text.contains("+  aws.secret.access.key: \"*** (changed)\""),
                text);
        assertFalse(text.contains("rotated-value") || text.contains("s3cr3t"), text);
    }

    @Test
    void planWithoutAnyClusterIsOffline() throws Exception {
        TestContext offline = new TestContext(Map.of("kubeconfig", dir.resolve("missing").toString()));
        offline.baseDir = dir;
        offline.with("file", "backup.yaml").with("vars", Map.of("key", "k", "secret", "s", "bucket", "b"));
        StepPlan plan = apply.plan(offline);
        assertTrue(plan.action().contains("offline"), plan.action());
        assertEquals(java.util.List.of("create or update Secret (the context's namespace)/backup-creds",
                "create or update ConfigMap (the context's namespace)/backup-config"), plan.details());
    }

    @Test
    void unknownTemplateVariableIsAUserError() {
        TestContext c = ctx.next().with("file", "backup.yaml").with("vars", Map.of("key", "k", "secret", "s"));
        StepException e = assertThrows(StepException.class, () -> apply.run(c));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("backup.yaml:15:31: unknown template variable ${vars.bucket}"), e.getMessage());
    }

    @Test
    void inlineManifestAndStepNamespace() throws Exception {
        TestContext c = ctx.next().with("namespace", "other").with("manifest",
                Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "inline"),
                        "data", Map.of("a", "1")));
        apply.run(c);
        assertNotNull(cluster.client.configMaps().inNamespace("other").withName("inline").get());
    }

    @Test
    void serverErrorsAndConflictsAreRetried() throws Exception {
        apply.run(step("b1"));
        String path = "/api/v1/namespaces/hasura/configmaps/backup-config";
        cluster.server.expect().get().withPath(path).andReturn(500, "overloaded").once();
        cluster.server.expect().get().withPath(path).andReturn(429, "slow down").once();
        cluster.server.expect().put().withPath(path).andReturn(409, new StatusBuilder().withCode(409)
                .withReason("Conflict").withMessage("the object has been modified").build()).once();
        StepResult r = apply.run(step("b3"));
        assertEquals("1", r.outputs().get("updated"));
        assertEquals("b3", cluster.client.configMaps().inNamespace("hasura").withName("backup-config").get()
                .getData().get("PGBACKREST_REPO1_S3_BUCKET"));
    }
}
