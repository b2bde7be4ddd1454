package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepResult;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run-job and delete. The mock has no Job controller: the test plays it. */
class JobAndDeleteTest {
    static final String NS = "hasura";
    @TempDir
    Path dir;
    MockCluster cluster;
    TestContext run;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster("a");
        run = new TestContext(Map.of("kubeconfig", MockCluster.kubeconfig(dir, NS, cluster).toString()));
        CronJob cj = new CronJobBuilder().withNewMetadata().withName("pg-backup").endMetadata().withNewSpec()
                .withSchedule("0 */6 * * *").withNewJobTemplate().withNewMetadata().addToLabels("app", "pg-backup")
                .endMetadata().withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec()
                .withRestartPolicy("Never").addNewContainer().withName("backup").withImage("runner/archiver:15")
                .withArgs("pgbackrest", "backup").endContainer().endSpec().endTemplate().endSpec().endJobTemplate()
                .endSpec().build();
        cluster.client.batch().v1().cronjobs().inNamespace(NS).resource(cj).create();
    }

    @AfterEach
    void tearDown() throws Exception {
        run.close();
        cluster.close();
    }

    /** Plays the Job controller once the step has created its Job. */
    private CompletableFuture<Object> runJob(TestContext c, boolean succeed) throws Exception {
        CompletableFuture<Object> f = CompletableFuture.supplyAsync(() -> {
            try {
                return new RunJobStep().run(c);
            } catch (Exception e) {
                return e;
            }
        });
        Job job = null;
        for (int i = 0; i < 500 && job == null; i++) {
            Thread.sleep(20);
            job = cluster.client.batch().v1().jobs().inNamespace(NS).list().getItems().stream().findFirst().orElse(null);
        }
        assertTrue(job != null, "the step created a Job");
        Thread.sleep(200);
        assertFalse(f.isDone(), "waits for the Job");
        if (!succeed) {
            cluster.client.pods().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                    .withNewMetadata().withName(job.getMetadata().getName() + "-x1")
                    .addToLabels("batch.kubernetes.io/job-name", job.getMetadata().getName()).endMetadata()
                    .withNewStatus().withPhase("Failed").endStatus().build()).create();
            cluster.server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + job.getMetadata().getName()
                    + "-x1/log?pretty=false&tailLines=50").andReturn(200, "ERROR: repo not reachable\n").always();
        }
        job.setStatus(succeed ? new JobStatusBuilder().withSucceeded(1).withConditions(new JobConditionBuilder()
                .withType("Complete").withStatus("True").build()).build()
                : new JobStatusBuilder().withFailed(1).withConditions(new JobConditionBuilder().withType("Failed")
                        .withStatus("True").withReason("BackoffLimitExceeded").build()).build());
        cluster.client.batch().v1().jobs().inNamespace(NS).resource(job).updateStatus();
        return f;
    }

    @Test
    void runsAJobFromACronJobTemplate() throws Exception {
        Object r = runJob(run.next().with("fromCronJob", "pg-backup").with("name", "pg-backup-first"), true)
                .get(10, TimeUnit.SECONDS);
        assertTrue(r instanceof StepResult, String.valueOf(r));
        assertEquals("pg-backup-first", ((StepResult) r).outputs().get("job"));
        Job j = cluster.client.batch().v1().jobs().inNamespace(NS).withName("pg-backup-first").get();
        assertEquals("runner/archiver:15", j.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertEquals("CronJob", j.getMetadata().getOwnerReferences().get(0).getKind());
        assertEquals("pg-backup", j.getMetadata().getLabels().get("app"));
        assertEquals(Observation.State.DONE, new RunJobStep().observe(run.next().with("fromCronJob", "pg-backup")
                .with("name", "pg-backup-first")).state());
    }

    @Test
    void aFailedJobShowsItsPodLog() throws Exception {
        TestContext c = run.next().with("job", Map.of("backoffLimit", 0, "template", Map.of("spec", Map.of(
                "restartPolicy", "Never", "containers", List.of(Map.of("name", "check", "image", "busybox"))))));
        Object r = runJob(c, false).get(10, TimeUnit.SECONDS);
        assertTrue(r instanceof StepException, String.valueOf(r));
        String msg = ((StepException) r).getMessage();
        assertTrue(msg.contains("failed: BackoffLimitExceeded") && msg.contains("ERROR: repo not reachable"), msg);
        assertTrue(c.logText().contains("ERROR: repo not reachable"), c.logText());
    }

    @Test
    void markedLogLinesOfTheSucceededPodBecomeOutputsWithSecretsMasked() throws Exception {
        cluster.client.secrets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("repo").endMetadata().addToData("key", java.util.Base64.getEncoder()
                        .encodeToString("AKIA-LEAKED-KEY".getBytes())).build()).create();
        TestContext c = run.next().with("name", "verify").with("logOutputs", Map.of("result", "VERIFY_RESULT=",
                "info", "INFO=")).with("job", Map.of("template", Map.of("spec", Map.of("restartPolicy", "Never",
                "containers", List.of(Map.of("name", "verify", "image", "busybox",
                        "envFrom", List.of(Map.of("secretRef", Map.of("name", "repo")))))))));
        CompletableFuture<Object> f = CompletableFuture.supplyAsync(() -> {
            try {
                return new RunJobStep().run(c);
            } catch (Exception e) {
                return e;
            }
        });
        Job job = awaitJob("verify");
        cluster.client.pods().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName("verify-p1").addToLabels("batch.kubernetes.io/job-name", "verify")
                .endMetadata().withSpec(job.getSpec().getTemplate().getSpec()).withNewStatus().withPhase("Succeeded")
                .endStatus().build()).create();
        cluster.server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/verify-p1/log?pretty=false"
                + "&container=verify&tailLines=5000").andReturn(200, "INFO=[{\"old\":1}]\nrestoring with AKIA-LEAKED-KEY\n"
                + "INFO=[{\"name\":\"main\"}]\nVERIFY_RESULT={\"ok\":true,\"result\":\"200\",\"seconds\":41,"
                + "\"note\":\"key AKIA-LEAKED-KEY\"}\ndone\n").always();
        job.setStatus(new JobStatusBuilder().withSucceeded(1).build());
        cluster.client.batch().v1().jobs().inNamespace(NS).resource(job).updateStatus();
        Object r = f.get(10, TimeUnit.SECONDS);
        assertTrue(r instanceof StepResult, String.valueOf(r));
        Map<String, String> out = ((StepResult) r).outputs();
        assertEquals("[{\"name\":\"main\"}]", out.get("info"), "the last marked line");
        assertEquals("true", out.get("result.ok"));
        assertEquals("41", out.get("result.seconds"));
        assertEquals("200", out.get("result.result"));
        assertEquals("key ***", out.get("result.note"), "the pod's Secret values are masked");
        assertFalse(out.toString().contains("AKIA-LEAKED-KEY"), out.toString());
        assertTrue(c.secrets.isSecret("AKIA-LEAKED-KEY"), "registered with the run, so logs mask it too");
        assertEquals(Observation.State.DONE, new RunJobStep().observe(c).state(), "resume reads the outputs again");
        assertEquals(out, new RunJobStep().observe(c).outputs());
    }

    @Test
    void aMissingMarkerOrAnOversizedOutputFailsTheStep() throws Exception {
        for (String limit : List.of("missing", "10")) {
            TestContext c = run.next().with("name", "check-" + limit).with("logOutputs", Map.of("info",
                    limit.equals("missing") ? "NOPE=" : "INFO=")).with("job", Map.of("template", Map.of("spec",
                    Map.of("restartPolicy", "Never", "containers", List.of(Map.of("name", "check", "image", "busybox"))))));
            if (!limit.equals("missing")) {
                c.with("maxOutputBytes", 10);
            }
            CompletableFuture<Object> f = CompletableFuture.supplyAsync(() -> {
                try {
                    return new RunJobStep().run(c);
                } catch (Exception e) {
                    return e;
                }
            });
            Job job = awaitJob("check-" + limit);
            cluster.client.pods().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                    .withNewMetadata().withName("check-" + limit + "-p").addToLabels("batch.kubernetes.io/job-name",
                            "check-" + limit).endMetadata().withSpec(job.getSpec().getTemplate().getSpec())
                    .withNewStatus().withPhase("Succeeded").endStatus().build()).create();
            cluster.server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/check-" + limit
                    + "-p/log?pretty=false&container=check&tailLines=5000").andReturn(200, "INFO=[1,2,3,4,5,6,7,8]\n")
                    .always();
            job.setStatus(new JobStatusBuilder().withSucceeded(1).build());
            cluster.client.batch().v1().jobs().inNamespace(NS).resource(job).updateStatus();
            Object r = f.get(10, TimeUnit.SECONDS);
            assertTrue(r instanceof StepException e && !e.retryable(), String.valueOf(r));
            String msg = ((StepException) r).getMessage();
            assertTrue(limit.equals("missing") ? msg.contains("no line of pod check-missing-p's log starts with 'NOPE='")
                    : msg.contains("logOutputs.info is 17 bytes, more than maxOutputBytes 10"), msg);
        }
    }

    private Job awaitJob(String name) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            Job j = cluster.client.batch().v1().jobs().inNamespace(NS).withName(name).get();
            if (j != null) {
                return j;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the step created no Job " + name);
    }

    @Test
    void deleteByKindAndNameThenIgnoreNotFound() throws Exception {
        assertEquals(Observation.State.NOT_DONE, new DeleteStep().observe(run.next().with("kind", "CronJob")
                .with("name", "pg-backup")).state());
        StepResult r = new DeleteStep().run(run.next().with("kind", "CronJob").with("name", "pg-backup"));
        assertEquals("CronJob hasura/pg-backup", r.outputs().get("deleted"));
        assertNull(cluster.client.batch().v1().cronjobs().inNamespace(NS).withName("pg-backup").get());
        StepException e = assertThrows(StepException.class, () -> new DeleteStep().run(run.next()
                .with("kind", "CronJob").with("name", "pg-backup")));
        assertTrue(e.getMessage().contains("not found: [CronJob hasura/pg-backup]"), e.getMessage());
        StepResult again = new DeleteStep().run(run.next().with("kind", "CronJob").with("name", "pg-backup")
                .with("ignoreNotFound", true));
        assertEquals("CronJob hasura/pg-backup", again.outputs().get("missing"));
        assertFalse(new DeleteStep().plan(run.next().with("kind", "CronJob").with("name", "pg-backup")).changes());
    }

    @Test
    void aJobFromAFileReplacesTheFinishedJobOfAnEarlierRun() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("check.yaml"), """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: "${vars.name}"}
                spec:
                  backoffLimit: 0
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: check, image: "${vars.image}"}]
                """);
        Job old = new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder().withNewMetadata().withName("repo-check")
                .endMetadata().withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("check")
                .withImage("old").endContainer().endSpec().endTemplate().endSpec().withNewStatus().withSucceeded(1)
                .endStatus().build();
        cluster.client.batch().v1().jobs().inNamespace(NS).resource(old).create();
        cluster.client.batch().v1().jobs().inNamespace(NS).resource(old).updateStatus();
        TestContext c = run.next().with("file", "check.yaml").with("vars", Map.of("name", "repo-check", "image", "new"));
        c.baseDir = dir;
        CompletableFuture<Object> f = CompletableFuture.supplyAsync(() -> {
            try {
                return new RunJobStep().run(c);
            } catch (Exception e) {
                return e;
            }
        });
        Job fresh = null;
        for (int i = 0; i < 500 && fresh == null; i++) {
            Thread.sleep(20);
            Job j = cluster.client.batch().v1().jobs().inNamespace(NS).withName("repo-check").get();
            fresh = j != null && j.getStatus() == null ? j : null;
        }
        assertTrue(fresh != null, "the old Job was replaced by a new one");
        assertEquals("new", fresh.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        fresh.setStatus(new JobStatusBuilder().withSucceeded(1).build());
        cluster.client.batch().v1().jobs().inNamespace(NS).resource(fresh).updateStatus();
        Object r = f.get(10, TimeUnit.SECONDS);
        assertTrue(r instanceof StepResult, String.valueOf(r));
    }

    @Test
    void deleteAListOfReferences() throws Exception {
        cluster.client.configMaps().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("pgbackrest-repo").endMetadata().build()).create();
        StepResult r = new DeleteStep().run(run.next().with("ignoreNotFound", true).with("objects", List.of(
                Map.of("apiVersion", "batch/v1", "kind", "CronJob", "name", "pg-backup"),
                Map.of("kind", "ConfigMap", "name", "pgbackrest-repo"),
                Map.of("kind", "Secret", "name", "pgbackrest-repo"))));
        assertEquals("CronJob hasura/pg-backup,ConfigMap hasura/pgbackrest-repo", r.outputs().get("deleted"));
        assertEquals("Secret hasura/pgbackrest-repo", r.outputs().get("missing"));
    }
}
