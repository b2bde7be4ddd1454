package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.runner.k8s.action.VerifyDrills;
import dev.runner.k8s.pg.KubeInventorySource;
import dev.runner.pgbackrest.VerifyHistory;
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

/**
 * The verify CronJob's pods have no API access: the drills they leave as finished Jobs are kept by whoever reads
 * the target's history next ({@code runner backups}, its exporter), once each.
 */
class ScheduledDrillsTest {
    static final String NS = "hasura";
    @TempDir
    Path dir;
    MockCluster cluster;
    Map<String, String> settings;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster("a");
        settings = Map.of("kubeconfig", MockCluster.kubeconfig(dir, NS, cluster).toString());
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    /** A Job of the CronJob for {@code target}; {@code finished} null: still running. */
    void drill(String name, String target, String finished, String keep, String log) {
        JobBuilder b = new JobBuilder().withNewMetadata().withName(name).withUid("uid-" + name)
                .addToLabels(VerifyDrills.TARGET_LABEL, target).addToAnnotations(keep == null ? Map.of()
                        : Map.of(VerifyDrills.KEEP_ANNOTATION, keep)).endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("Never").addNewContainer()
                .withName("verify").withImage("archiver").endContainer().endSpec().endTemplate().endSpec();
        if (finished != null) {
            b.withNewStatus().addNewCondition().withType("Complete").withStatus("True")
                    .withLastTransitionTime(finished).endCondition().endStatus();
        }
        Job j = cluster.client.batch().v1().jobs().inNamespace(NS).resource(b.build()).create();
        cluster.client.batch().v1().jobs().inNamespace(NS).resource(j).updateStatus();
        String pod = name + "-pod";
        cluster.client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(pod)
                .addToLabels("batch.kubernetes.io/job-name", name)
                .addToLabels("batch.kubernetes.io/controller-uid", j.getMetadata().getUid()).endMetadata()
                .withSpec(j.getSpec().getTemplate().getSpec()).withNewStatus().withPhase("Succeeded").endStatus()
                .build()).create();
        cluster.server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + pod
                + "/log?pretty=false&container=verify&tailLines=5000").andReturn(200, log).always();
    }

    static String result(int seconds) {
        return "runner-pg: verify: restored\nVERIFY_RESULT={\"ok\":true,\"message\":\"ok\",\"backupSet\":"
                + "\"20261120-020000F\",\"result\":\"1042\",\"seconds\":" + seconds + "}\n";
    }

    String kept() {
        ConfigMap cm = cluster.client.configMaps().inNamespace(NS).withName("runner-verify-postgres").get();
        return cm == null ? null : cm.getData().get(VerifyHistory.KEY);
    }

    @Test
    void finishedDrillsOfTheTargetAreKeptOnceOldestFirstAndRunningOrOtherTargetsAreNot() throws Exception {
        drill("verify-backup-2", "postgres", "2026-12-06T04:00:40Z", null, result(40));
        drill("verify-backup-1", "postgres", "2026-12-05T04:00:50Z", null, result(50));
        drill("verify-backup-3", "postgres", null, null, "still restoring\n");
        drill("other-1", "orders", "2026-12-06T04:00:00Z", null, result(7));

        VerifyHistory h = new KubeInventorySource().verifyHistory(settings, "postgres");
        assertEquals(2, h.drills().size());
        assertEquals(50, h.drills().get(0).seconds(), "oldest first");
        assertEquals("2026-12-06T04:00:40Z", h.last().orElseThrow().finished().toString());
        assertEquals(2, VerifyHistory.parse(kept()).drills().size(), "kept in the ConfigMap");

        String before = kept();
        assertEquals(2, new KubeInventorySource().verifyHistory(settings, "postgres").drills().size());
        assertEquals(before, kept(), "read again: nothing added twice");
    }

    @Test
    void theCronJobsKeepAnnotationBoundsTheHistory() throws Exception {
        for (int i = 1; i <= 4; i++) {
            drill("verify-backup-" + i, "postgres", "2026-12-0" + i + "T04:00:00Z", "3", result(40 + i));
        }
        VerifyHistory h = new KubeInventorySource().verifyHistory(settings, "postgres");
        assertEquals(3, h.drills().size());
        assertEquals(42, h.drills().get(0).seconds());
    }

    @Test
    void nothingFinishedMeansNothingWritten() throws Exception {
        drill("verify-backup-1", "postgres", null, null, "restoring\n");
        assertFalse(new KubeInventorySource().verifyHistory(settings, "postgres").last().isPresent());
        assertNull(kept());
    }
}
