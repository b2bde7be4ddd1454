package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.step.InvalidInputException;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepType;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentStepsTest {
    static final String NS = "hasura";
    @TempDir
    Path dir;
    MockCluster cluster;
    TestContext run;
    final StepType apply = new ApplyStep();
    final StepType patch = new PatchDeploymentStep();
    final StepType restore = new RestoreDeploymentStep();
    final StepType rollout = new WaitForRolloutStep();

    @BeforeEach
    void setUp() {
        cluster = new MockCluster("a");
        run = new TestContext(Map.of("kubeconfig", MockCluster.kubeconfig(dir, NS, cluster).toString()));
        run.baseDir = dir;
        cluster.client.apps().deployments().inNamespace(NS).resource(Fixtures.postgres(NS)).create();
        Fixtures.rolledOut(cluster.client, NS, "postgres");
    }

    @AfterEach
    void tearDown() throws Exception {
        run.close();
        cluster.close();
    }

    private TestContext patchStep() {
        return run.next().with("name", "postgres").with("container", "postgres").with("image", "runner/archiver:15")
                .with("args", List.of("-c", "archive_mode=on", "-c", "archive_command=pgbackrest archive-push %p"))
                .with("env", Map.of("PGBACKREST_STANZA", "main", "PGDATA", "/var/lib/postgresql/data/pgdata"))
                .with("envFrom", List.of(Map.of("secretRef", Map.of("name", "hasura-backup")),
                        Map.of("configMapRef", Map.of("name", "hasura-backup"))))
                .with("volumeMounts", List.of(Map.of("name", "spool", "mountPath", "/var/spool/pgbackrest")))
                .with("volumes", List.of(Map.of("name", "spool", "emptyDir", Map.of())))
                .with("initContainers", List.of(Map.of("name", "init-spool", "image", "busybox",
                        "command", List.of("mkdir", "-p", "/var/spool/pgbackrest"))));
    }

    private Deployment live() {
        return cluster.client.apps().deployments().inNamespace(NS).withName("postgres").get();
    }

    private int counted(Runnable stepCall) {
        int before = cluster.requests();
        stepCall.run();
        return cluster.requests() - before;
    }

    interface StepCall {
        void run() throws Exception;
    }

    private int step(StepCall c) {
        return counted(() -> {
            try {
                c.run();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void configureSequenceThenRestoreLeavesTheDeploymentAsItWas() throws Exception {
        Deployment original = live();
        Files.writeString(dir.resolve("config.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: hasura-backup}
                stringData: {PGBACKREST_REPO1_S3_KEY: "${vars.key}"}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: hasura-backup}
                data: {PGBACKREST_REPO1_TYPE: s3}
                """);
        int requests = 0;
        requests += step(() -> apply.run(run.next().with("file", "config.yaml").with("vars", Map.of("key", "AKIA1"))));
        requests += step(() -> assertEquals("true", patch.run(patchStep()).outputs().get("changed")));
        Fixtures.rolledOut(cluster.client, NS, "postgres"); // the controller's part
        requests += step(() -> rollout.run(run.next().with("name", "postgres")));

        var c = live().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("runner/archiver:15", c.getImage());
        assertEquals("/var/lib/postgresql/data/pgdata", c.getEnv().stream().filter(e -> e.getName().equals("PGDATA"))
                .map(EnvVar::getValue).findFirst().orElseThrow());
        assertEquals(2, c.getEnvFrom().size());
        assertEquals("init-spool", live().getSpec().getTemplate().getSpec().getInitContainers().get(0).getName());
        String recorded = live().getMetadata().getAnnotations().get("runner.dev/original-template");

        // a second run with the same edits changes nothing and keeps the first record
        requests += step(() -> assertEquals("false", patch.run(patchStep()).outputs().get("changed")));
        assertEquals(Observation.State.DONE, patch.observe(patchStep()).state());
        // a different later patch still keeps the first record
        step(() -> patch.run(run.next().with("name", "postgres").with("container", "postgres")
                .with("removeEnv", List.of("PGBACKREST_STANZA"))));
        assertEquals(recorded, live().getMetadata().getAnnotations().get("runner.dev/original-template"));

        requests += step(() -> assertEquals("true", restore.run(run.next().with("name", "postgres")).outputs()
                .get("restored")));
        Fixtures.rolledOut(cluster.client, NS, "postgres");
        requests += step(() -> rollout.run(run.next().with("name", "postgres")));   // gives the strategy back
        Deployment after = live();
        assertEquals(original.getSpec(), after.getSpec());
        assertEquals(original.getMetadata().getAnnotations(), after.getMetadata().getAnnotations());
        assertEquals(original.getMetadata().getLabels(), after.getMetadata().getLabels());
        requests += step(() -> assertEquals("false", restore.run(run.next().with("name", "postgres")).outputs()
                .get("restored")));
        assertEquals(Observation.State.DONE, restore.observe(run.next().with("name", "postgres")).state());

        System.out.println("configure sequence API requests: " + requests);
        assertTrue(requests <= 22, "requests: " + requests);
    }

    /**
     * Issue #18: a template change rolls out with strategy Recreate, so the old postgres pod stops before the new
     * one starts; the user's own strategy (here RollingUpdate with maxSurge 1) is recorded and given back, exactly,
     * by wait-for-rollout once the rollout is complete.
     */
    @Test
    void aTemplateChangeRollsOutWithRecreateAndTheOwnStrategyComesBackAfterTheRollout() throws Exception {
        Deployment d = live();
        d.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
                .withType("RollingUpdate").withNewRollingUpdate().withNewMaxSurge(1).withNewMaxUnavailable("25%")
                .endRollingUpdate().build());
        cluster.client.apps().deployments().inNamespace(NS).resource(d).update();
        Fixtures.rolledOut(cluster.client, NS, "postgres");
        Deployment original = live();

        String plan = String.join("\n", patch.plan(patchStep()).details());
        assertTrue(plan.contains("strategy RollingUpdate -> Recreate for this change, restored after the rollout"), plan);
        assertFalse(plan.contains("maxSurge"), "the switch is one line, not a diff: " + plan);

        patch.run(patchStep());
        Deployment patched = live();
        assertEquals("Recreate", patched.getSpec().getStrategy().getType());
        assertEquals(null, patched.getSpec().getStrategy().getRollingUpdate(), "refused beside Recreate");
        assertEquals("{\"rollingUpdate\":{\"maxSurge\":1,\"maxUnavailable\":\"25%\"},\"type\":\"RollingUpdate\"}",
                patched.getMetadata().getAnnotations().get("runner.dev/original-strategy"));
        // a second change before the rollout keeps the first record (the live strategy is ours by then)
        patch.run(run.next().with("name", "postgres").with("container", "postgres").with("removeEnv", List.of("PGDATA")));
        assertEquals(patched.getMetadata().getAnnotations().get("runner.dev/original-strategy"),
                live().getMetadata().getAnnotations().get("runner.dev/original-strategy"));

        Fixtures.rolledOut(cluster.client, NS, "postgres");
        assertEquals(Observation.State.NOT_DONE, rollout.observe(run.next().with("name", "postgres")).state(),
                "rolled out, but the strategy is not back yet: a resume runs the step");
        String rolled = rollout.run(run.next().with("name", "postgres")).summary();
        assertTrue(rolled.contains("its own strategy RollingUpdate given back"), rolled);
        assertEquals(original.getSpec().getStrategy(), live().getSpec().getStrategy());
        assertFalse(live().getMetadata().getAnnotations().containsKey("runner.dev/original-strategy"));
        Fixtures.rolledOut(cluster.client, NS, "postgres");
        assertEquals(Observation.State.DONE, rollout.observe(run.next().with("name", "postgres")).state());

        restore.run(run.next().with("name", "postgres"));
        assertEquals("Recreate", live().getSpec().getStrategy().getType(), "the way back rolls out with Recreate too");
        Fixtures.rolledOut(cluster.client, NS, "postgres");
        rollout.run(run.next().with("name", "postgres"));
        assertEquals(original.getSpec(), live().getSpec(), "template and strategy exactly as before");
        assertEquals(original.getMetadata().getAnnotations(), live().getMetadata().getAnnotations());
    }

    @Test
    void aRecreateDeploymentKeepsItsStrategyAndGetsNoRecord() throws Exception {
        Deployment d = live();
        d.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
                .withType("Recreate").build());
        cluster.client.apps().deployments().inNamespace(NS).resource(d).update();
        assertFalse(String.join("\n", patch.plan(patchStep()).details()).contains("-> Recreate"));
        patch.run(patchStep());
        assertEquals("Recreate", live().getSpec().getStrategy().getType());
        assertFalse(live().getMetadata().getAnnotations().containsKey("runner.dev/original-strategy"));
    }

    @Test
    void planShowsTheTemplateDiffAndWritesNothing() throws Exception {
        cluster.drainRequests();
        int before = cluster.requests();
        var plan = patch.plan(patchStep());
        String text = String.join("\n", plan.details());
        assertTrue(text.startsWith("record the current pod template in annotation runner.dev/original-template"), text);
        assertTrue(text.contains("-        image: postgres:15") && text.contains("+        image: runner/archiver:15"), text);
        assertFalse(text.contains("original-template:"), text);
        cluster.drainRequests().forEach(r -> assertTrue(r.startsWith("GET"), r));
        assertTrue(cluster.requests() - before <= 5, "version probe + one read + one per envFrom source checked");
        assertFalse(restore.plan(run.next().with("name", "postgres")).changes());
    }

    @Test
    void unknownContainerIsAUserErrorAndNothingIsWritten() {
        String rv = live().getMetadata().getResourceVersion();
        StepException e = assertThrows(StepException.class, () -> patch.run(run.next().with("name", "postgres")
                .with("container", "pg").with("image", "x")));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("no container 'pg' (it has [postgres, sidecar])"), e.getMessage());
        assertEquals(rv, live().getMetadata().getResourceVersion());
    }

    @Test
    void conflictReadsAgainAndReappliesOnTheNewVersion() throws Exception {
        String path = "/apis/apps/v1/namespaces/" + NS + "/deployments/postgres";
        cluster.server.expect().put().withPath(path).andReturn(409, new StatusBuilder().withCode(409)
                .withReason("Conflict").withMessage("the object has been modified").build()).once();
        cluster.server.expect().get().withPath(path).andReturn(503, "unavailable").once();
        patch.run(patchStep());
        assertEquals("runner/archiver:15", live().getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    }

    @Test
    void rolloutIsSeenThroughTheWatch() throws Exception {
        patch.run(patchStep());
        live(); // status is now stale: spec changed after it
        Deployment d = live();
        d.getStatus().setUpdatedReplicas(0);
        cluster.client.apps().deployments().inNamespace(NS).resource(d).updateStatus();
        CompletableFuture<Object> waited = CompletableFuture.supplyAsync(() -> {
            try {
                return rollout.run(run.next().with("name", "postgres"));
            } catch (Exception e) {
                return e;
            }
        });
        Thread.sleep(500);
        assertFalse(waited.isDone(), "must wait while the rollout is incomplete");
        Fixtures.rolledOut(cluster.client, NS, "postgres");
        assertTrue(waited.get(10, TimeUnit.SECONDS) instanceof dev.runner.step.StepResult, () -> waited.join().toString());
    }

    @Test
    void rolloutTimeoutReportsCountsPodsAndEvents() {
        Deployment d = live();
        d.getStatus().setReadyReplicas(0);
        d.getStatus().setAvailableReplicas(0);
        cluster.client.apps().deployments().inNamespace(NS).resource(d).updateStatus();
        var pod = Fixtures.pod(NS, "postgres-abc", "postgres", false);
        pod.getStatus().setContainerStatuses(List.of(new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
                .withName("postgres").withNewState().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("no such image").endWaiting().endState().build()));
        cluster.client.pods().inNamespace(NS).resource(pod).create();
        cluster.client.v1().events().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.EventBuilder()
                .withNewMetadata().withName("e1").endMetadata().withType("Warning").withReason("Failed")
                .withMessage("Back-off pulling image").withNewInvolvedObject().withKind("Pod").withName("postgres-abc")
                .endInvolvedObject().withLastTimestamp("2026-11-25T10:00:00Z").build()).create();
        TestContext c = run.next().with("name", "postgres");
        c.timeout = Duration.ofMillis(1500);
        StepException e = assertThrows(StepException.class, () -> rollout.run(c));
        assertTrue(e.getMessage().contains("did not roll out"), e.getMessage());
        assertTrue(e.getMessage().contains("ready 0/1"), e.getMessage());
        assertTrue(e.getMessage().contains("postgres waiting: ImagePullBackOff (no such image)"), e.getMessage());
        assertTrue(e.getMessage().contains("Warning Failed Pod/postgres-abc: Back-off pulling image"), e.getMessage());
    }

    @Test
    void anEnvFromSourceWithAKeyThatIsNoVariableNameIsRefusedBeforeAnythingChanges() throws Exception {
        cluster.client.secrets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("hasura-backup").endMetadata()
                .addToStringData("PGBACKREST_REPO1_CIPHER_PASS", "x").addToStringData("gcs-key.json", "{}").build())
                .create();
        Deployment before = live();
        InvalidInputException plan = assertThrows(InvalidInputException.class, () -> patch.plan(patchStep()));
        InvalidInputException run = assertThrows(InvalidInputException.class, () -> patch.run(patchStep()));
        for (String m : List.of(plan.getMessage(), run.getMessage())) {
            assertTrue(m.contains("envFrom Secret hasura/hasura-backup has key(s) [gcs-key.json] that are not"
                    + " environment variable names"), m);
            assertTrue(m.contains("nothing was changed"), m);
        }
        assertEquals(before, live());

        // a ConfigMap source is checked the same way
        cluster.client.secrets().inNamespace(NS).withName("hasura-backup").delete();
        cluster.client.configMaps().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("hasura-backup").endMetadata().addToData("ca.crt", "pem").build())
                .create();
        assertThrows(InvalidInputException.class, () -> patch.run(patchStep()));
        cluster.client.configMaps().inNamespace(NS).withName("hasura-backup").edit(c -> {
            c.setData(Map.of("PGBACKREST_REPO1_TYPE", "s3"));
            return c;
        });
        assertEquals("true", patch.run(patchStep()).outputs().get("changed"));
    }

    @Test
    void theRestoreInitContainerGetsTheContainersOwnDataMountAndPgdata() throws Exception {
        cluster.client.apps().deployments().inNamespace(NS).withName("postgres").edit(d -> {
            var c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            c.getEnv().stream().filter(e -> e.getName().equals("PGDATA")).forEach(e -> e.setValue("/pg/data/pgdata"));
            c.getVolumeMounts().get(0).setMountPath("/pg/data");
            c.getVolumeMounts().get(0).setSubPath("cluster-a");
            return d;
        });
        TestContext step = run.next().with("name", "postgres").with("container", "postgres")
                .with("initContainers", List.of(Map.of("name", "restore", "image", "archiver", "args", List.of("restore"))))
                .with("pgdataTo", List.of("restore"));
        assertEquals("true", patch.run(step).outputs().get("changed"));
        var init = live().getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertEquals(1, init.getVolumeMounts().size());
        assertEquals("data", init.getVolumeMounts().get(0).getName());
        assertEquals("/pg/data", init.getVolumeMounts().get(0).getMountPath());
        assertEquals("cluster-a", init.getVolumeMounts().get(0).getSubPath());
        assertEquals(List.of(new EnvVar("PGDATA", "/pg/data/pgdata", null)), init.getEnv());
        assertEquals("false", patch.run(step).outputs().get("changed"), "idempotent");

        var out = new PgdataMountStep().run(run.next().with("name", "postgres").with("container", "postgres")).outputs();
        assertEquals(Map.of("pgdata", "/pg/data/pgdata", "volume", "data", "mountPath", "/pg/data", "subPath", "cluster-a"),
                out);
    }

    @Test
    void aContainerWithoutAMountForPgdataIsRefusedByPlanAndRunBeforeAnythingChanges() throws Exception {
        cluster.client.apps().deployments().inNamespace(NS).withName("postgres").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts().clear();
            return d;
        });
        Deployment before = live();
        TestContext check = run.next().with("name", "postgres").with("container", "postgres");
        StepType mount = new PgdataMountStep();
        for (var call : List.<StepCall>of(() -> mount.plan(check), () -> mount.run(check),
                () -> patch.run(run.next().with("name", "postgres").with("container", "postgres")
                        .with("initContainers", List.of(Map.of("name", "restore", "image", "x")))
                        .with("pgdataTo", List.of("restore"))))) {
            StepException e = assertThrows(StepException.class, call::run);
            assertFalse(e.retryable());
            assertTrue(e.getMessage().contains("container 'postgres' has no volumeMount for PGDATA"
                    + " /var/lib/postgresql/data (its mounts: [])"), e.getMessage());
        }
        assertEquals(before, live());
    }
}
