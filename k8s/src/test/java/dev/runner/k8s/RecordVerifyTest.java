package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.pgbackrest.VerifyHistory;
import dev.runner.pgbackrest.VerifyRecord;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** record-verify against the mock API server: the verify Job's last VERIFY_RESULT kept in runner-verify-TARGET. */
class RecordVerifyTest {
    static final String NS = "hasura";
    @TempDir
    Path dir;
    MockCluster cluster;
    TestContext run;
    int jobs;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster("a");
        run = new TestContext(Map.of("kubeconfig", MockCluster.kubeconfig(dir, NS, cluster).toString()));
    }

    @AfterEach
    void tearDown() throws Exception {
        run.close();
        cluster.close();
    }

    /** A finished verify Job (a new one each time, as each run creates it again) whose pod printed {@code log}. */
    void job(String phase, String log) {
        cluster.client.batch().v1().jobs().inNamespace(NS).withName("verify-backup").delete();
        Job j = cluster.client.batch().v1().jobs().inNamespace(NS).resource(new JobBuilder().withNewMetadata()
                .withName("verify-backup").withUid("uid-" + (++jobs)).endMetadata().withNewSpec().withNewTemplate()
                .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("verify").withImage("archiver")
                .endContainer().endSpec().endTemplate().endSpec().build()).create();
        String pod = "verify-backup-p" + jobs;
        cluster.client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(pod)
                .addToLabels("batch.kubernetes.io/job-name", "verify-backup")
                .addToLabels("batch.kubernetes.io/controller-uid", j.getMetadata().getUid()).endMetadata()
                .withSpec(j.getSpec().getTemplate().getSpec()).withNewStatus().withPhase(phase).endStatus().build())
                .create();
        cluster.server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + pod
                + "/log?pretty=false&container=verify&tailLines=5000").andReturn(200, log).always();
    }

    TestContext step(int keep) {
        return run.next().with("job", "verify-backup").with("target", "postgres").with("keep", String.valueOf(keep));
    }

    VerifyHistory history() {
        ConfigMap cm = cluster.client.configMaps().inNamespace(NS).withName("runner-verify-postgres").get();
        return VerifyHistory.parse(cm.getData().get(VerifyHistory.KEY));
    }

    static String result(boolean ok, String message, int seconds) {
        return "VERIFY_RESULT={\"ok\":" + ok + ",\"message\":\"" + message + "\",\"backupSet\":\"20261120-020000F\","
                + "\"result\":\"1042\",\"seconds\":" + seconds + "}\n";
    }

    @Test
    void passedDrillsAreKeptNewestLastAndBounded() throws Exception {
        for (int i = 1; i <= 4; i++) {
            job("Succeeded", "runner-pg: verify: restored\n" + result(true, "ok", 40 + i) + "done\n");
            StepResult r = new RecordVerifyStep().run(step(3));
            assertEquals("runner-verify-postgres", r.outputs().get("configMap"));
            assertEquals(String.valueOf(40 + i), r.outputs().get("seconds"));
        }
        VerifyHistory h = history();
        assertEquals(3, h.drills().size(), "keep 3");
        assertEquals(42, h.drills().get(0).seconds());
        assertEquals(44, h.last().orElseThrow().seconds());
        ConfigMap cm = cluster.client.configMaps().inNamespace(NS).withName("runner-verify-postgres").get();
        assertEquals("verify-backup", cm.getMetadata().getLabels().get("app.kubernetes.io/component"));
    }

    @Test
    void aFailedDrillIsRecordedThenFailsTheStep() throws Exception {
        job("Failed", "ERROR: expected '1042'\n" + result(false, "expected '1042'", 9));
        StepException e = assertThrows(StepException.class, () -> new RecordVerifyStep().run(step(20)));
        assertTrue(e.getMessage().contains("the restore drill of Job verify-backup failed: expected '1042'"
                + " (recorded in ConfigMap runner-verify-postgres)"), e.getMessage());
        VerifyRecord last = history().last().orElseThrow();
        assertEquals(false, last.ok());
        assertEquals(9, last.seconds());
    }

    @Test
    void aPodWithoutResultIsAFailedDrill() throws Exception {
        job("Failed", "exec format error\n");
        StepException e = assertThrows(StepException.class, () -> new RecordVerifyStep().run(step(20)));
        assertTrue(e.getMessage().contains("printed no VERIFY_RESULT= line"), e.getMessage());
        assertEquals(1, history().drills().size());
    }

    @Test
    void theSameJobIsRecordedOnceAndObserveSeesIt() throws Exception {
        job("Succeeded", result(true, "ok", 41));
        assertEquals(Observation.State.NOT_DONE, new RecordVerifyStep().observe(step(20)).state());
        new RecordVerifyStep().run(step(20));
        new RecordVerifyStep().run(step(20));
        assertEquals(1, history().drills().size(), "a resumed run does not record the drill twice");
        assertEquals(Observation.State.DONE, new RecordVerifyStep().observe(step(20)).state());
    }
}
