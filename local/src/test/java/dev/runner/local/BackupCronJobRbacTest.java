package dev.runner.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped backup CronJob (k8s/backup-cronjob.yaml) exercised for real: its Job's pod runs kubectl with nothing
 * but its ServiceAccount's projected token, so the manifest's Role is what lets {@code kubectl exec deploy/postgres --
 * runner-pg.sh backup} through — a full backup lands in the (posix) repository. With the {@code pods/exec} rule
 * removed the same Job fails with the API server's 403. Process runtime with mount namespaces (the token at its
 * in-cluster path); needs root, postgres and pgBackRest, and never skips.
 */
class BackupCronJobRbacTest {
    static final String NS = "app";
    static final Duration T = Duration.ofSeconds(120);

    @Test
    void theBackupJobUsesOnlyItsOwnTokenAndItsRole() throws Exception {
        Testbed.requirePostgres();
        Testbed.requirePgbackrest();
        Path dir = Testbed.tempDir("local-backup-rbac-test");
        try (LocalEnvironment env = LocalEnvironment.start(dir.resolve("env"), Testbed.entrypoint(), true,
                List.of("rbac"))) {
            KubernetesClient c = env.cluster("rbac").client();
            Path kubeconfig = env.kubeconfig();
            c.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                    .create();
            c.apps().deployments().inNamespace(NS).resource(postgres()).create();
            Pod pg = Testbed.readyPod(c, NS, "postgres", T);
            var stanza = Testbed.exec(c, NS, pg.getMetadata().getName(), "runner-pg.sh", "stanza-create");
            assertEquals(0, stanza.exitCode(), stanza.stdout() + stanza.stderr());

            Path manifest = dir.resolve("backup-cronjob.yaml");
            Files.writeString(manifest, Testbed.backupCronJobManifest(NS, "registry.k8s.io/kubectl:v1.31.0"));
            Testbed.kubectl(kubeconfig, "apply", "--validate=false", "-f", manifest.toString());

            Job ok = Testbed.jobFromCronJob(kubeconfig, c, NS, "postgres-backup", "backup-1", T);
            String log = Testbed.kubectl(kubeconfig, "-n", NS, "logs", "-l", "job-name=backup-1");
            assertEquals(1, ok.getStatus().getSucceeded(), log);
            var info = Testbed.exec(c, NS, pg.getMetadata().getName(), "runner-pg.sh", "info");
            assertTrue(info.stdout().contains("full backup: "), info.stdout() + info.stderr());

            Testbed.kubectl(kubeconfig, "-n", NS, "patch", "role", "postgres-backup", "--type=json",
                    "-p=[{\"op\":\"remove\",\"path\":\"/rules/2\"}]");
            Job refused = Testbed.jobFromCronJob(kubeconfig, c, NS, "postgres-backup", "backup-2", T);
            assertTrue(refused.getStatus().getFailed() > 0, "the job failed");
            String denied = Testbed.kubectl(kubeconfig, "-n", NS, "logs", "-l", "job-name=backup-2", "--tail=-1");
            assertTrue(denied.matches("(?s).*Error from server \\(Forbidden\\): pods \"postgres-[a-z0-9-]+\" is forbidden: "
                    + "User \"system:serviceaccount:app:postgres-backup\" cannot (get|create) resource \"pods/exec\" "
                    + "in API group \"\" in the namespace \"app\".*"), denied);
        }
    }

    /** The archiver image archiving to a posix repository inside the pod, so a backup needs no object store. */
    private static io.fabric8.kubernetes.api.model.apps.Deployment postgres() {
        return new DeploymentBuilder().withNewMetadata().withName("postgres").withNamespace(NS)
                .addToLabels("app", "postgres").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "postgres").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "postgres").endMetadata().withNewSpec()
                .addNewContainer().withName("postgres").withImage("runner/postgres-pgbackrest:15")
                .withArgs("postgres", "-c", "archive_mode=on", "-c",
                        "archive_command=pgbackrest --stanza=main archive-push %p")
                .addNewEnv().withName("POSTGRES_PASSWORD").withValue("pw").endEnv()
                // the image runs as uid 999, which cannot chmod the emptyDir's root-owned mount point: a subdirectory
                .addNewEnv().withName("PGDATA").withValue("/var/lib/postgresql/data/pgdata").endEnv()
                .addNewEnv().withName("PGBACKREST_REPO1_TYPE").withValue("posix").endEnv()
                .addNewEnv().withName("PGBACKREST_REPO1_PATH").withValue("/var/lib/postgresql/repo").endEnv()
                .addNewEnv().withName("PGBACKREST_ARCHIVE_ASYNC").withValue("n").endEnv()
                .addNewEnv().withName("PGBACKREST_START_FAST").withValue("y").endEnv()
                .addNewVolumeMount().withName("data").withMountPath("/var/lib/postgresql/data").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().endTemplate().endSpec().build();
    }
}
