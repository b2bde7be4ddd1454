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
