package dev.runner.local.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.local.ImageScript;
import dev.runner.local.LocalEnvironment;
import dev.runner.local.Testbed;
import dev.runner.local.store.S3ProxyServer;
import dev.runner.local.store.TlsCert;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * recovery.yaml on the local clusters with a backup that cannot be restored (its pg_control is missing from the
 * store, so the repository check and the window check pass and pgBackRest fails in the restore initContainer):
 * the run fails within seconds, not at the rollout's 12 h timeout, showing pgBackRest's error and the pod's
 * events; once the file is back, `runner resume` finishes the recovery on the half-restored PGDATA. Before that,
 * verify-backup proves the intact backup restores and reports its result from the Job's log, now and as a scheduled
 * CronJob whose drill runner backups keeps.
 */
class FailingRestoreTest {
    static final String BUCKET = "backups";

    @Test
    void aFailingRestoreFailsFastWithTheReasonAndResumeFinishesOnceFixed() throws Exception {
        Testbed.requirePostgres();
        Testbed.requirePgbackrest();
        Path dir = Testbed.tempDir("local-failing-restore");
        try (LocalEnvironment env = LocalEnvironment.start(dir.resolve("clusters"), ImageScript.locate(), true,
                List.of("old", "new"));
             S3ProxyServer s3 = S3ProxyServer.start(S3ProxyServer.defaultJar(), Files.createDirectories(dir.resolve("s3")),
                     TlsCert.create(dir.resolve("tls")), BUCKET)) {
            KubernetesClient old = env.cluster("old").client();
            KubernetesClient fresh = env.cluster("new").client();
            StartingState.create(old, "old-pg-pw-1", "old-admin-pw-1");
            StartingState.create(fresh, "new-pg-pw-1", "new-admin-pw-1");
            Pods.ready(old, "postgres", Duration.ofMinutes(3));
            Pods.ready(fresh, "postgres", Duration.ofMinutes(3));
            Scenario.seed(old);
            WorkflowCli onOld = new WorkflowCli(env, s3, dir, "old", BUCKET);
            WorkflowCli onNew = new WorkflowCli(env, s3, dir, "new", BUCKET);
            assertEquals(0, onOld.run("configure-backup").exit(), "configure-backup on old");

            // verify-backup for real: the Job restores the backup, recovers, answers checkSql; its VERIFY_RESULT
            // line becomes the step's outputs, which the report prints
            WorkflowCli.Result verified = onOld.cli(new ArrayList<>(verifyArgs()));
            assertEquals(0, verified.exit(), verified.text());
            assertTrue(verified.text().matches("(?s).*report: backup \\d{8}-\\d{6}F verified in \\d+s: restored, recovered,"
                    + " checkSql answered '1000' \\(ok=true, Job verify-backup\\).*"), verified.text());

            // the same drill on a schedule: the CronJob's pods have no API access, so runner backups keeps the
            // drills they leave behind as finished Jobs (once each)
            List<String> verifyArgs = new ArrayList<>(verifyArgs());
            verifyArgs.addAll(List.of("-p", "schedule=0 4 * * 0"));
            WorkflowCli.Result scheduled = onOld.cli(verifyArgs);
            assertEquals(0, scheduled.exit(), scheduled.text());
            Testbed.kubectl(env.kubeconfig(), "--context", "old", "-n", StartingState.NS, "create", "job",
                    "--from=cronjob/verify-backup", "drill-1");
            Testbed.await(Duration.ofMinutes(4), "scheduled drill-1 finished", () -> {
                var j = old.batch().v1().jobs().inNamespace(StartingState.NS).withName("drill-1").get();
                return j.getStatus() != null && j.getStatus().getConditions() != null && j.getStatus().getConditions()
                        .stream().anyMatch(c -> "Complete".equals(c.getType()) || "Failed".equals(c.getType()));
            });
            for (int look = 1; look <= 2; look++) {
                WorkflowCli.Result backups = onOld.backups();
                assertEquals(0, backups.exit(), backups.text());
                assertTrue(backups.text().matches("(?s).*last restore drill: ok in .*; 2 kept: 2 ok, 0 failed.*"),
                        "the scheduled drill is kept next to the one run now (look " + look + "): " + backups.text());
            }

            Path missing;
            try (Stream<Path> files = Files.walk(s3.blobs().resolve(BUCKET))) {
                // pg_control differs from the new cluster's own, so even a --delta restore must fetch it
                missing = files.filter(p -> p.toString().contains("/backup/main/") && p.toString()
                        .contains("/pg_data/global/pg_control")).findFirst().orElseThrow();
            }
            Path aside = dir.resolve("pg_control.aside");
            Files.move(missing, aside);

            long t0 = System.nanoTime();
            WorkflowCli.Result failed = onNew.run("recovery", "failAfterRestarts=3");
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("recovery with a broken backup failed after %.1f s (exit %d)%n", seconds, failed.exit());
            assertEquals(1, failed.exit(), failed.text());
            assertTrue(failed.text().contains("Deployment hasura/postgres cannot roll out: container pgbackrest-restore of"
                    + " pod postgres-"), failed.text());
            assertTrue(failed.text().contains("has failed 3 times (last exit 1"), failed.text());
            assertTrue(failed.text().contains("ERROR: [") && failed.text().contains("pg_control"),
                    "pgBackRest's error about the missing file: " + failed.text());
            assertTrue(failed.text().contains("BackOff"), "the pod's events: " + failed.text());
            assertTrue(failed.text().contains("restores again, resuming a half-restored PGDATA with --delta"), failed.text());
            assertTrue(seconds < 180, "failed fast, not at the 12h rollout timeout: " + seconds + "s");
            assertFalse(fresh.apps().deployments().inNamespace(StartingState.NS).withName("postgres").get().getSpec()
                    .getTemplate().getSpec().getInitContainers().isEmpty(), "left in restore mode for the resume");

            Files.move(aside, missing);
            WorkflowCli.Result resumed = onNew.resume();
            assertEquals(0, resumed.exit(), resumed.text());
            assertTrue(resumed.text().contains("recovered to timeline"), resumed.text());
            assertEquals("1000", Pods.psql(fresh, "select count(*) from events"), "the source's rows");
            assertTrue(fresh.apps().deployments().inNamespace(StartingState.NS).withName("postgres").get().getSpec()
                    .getTemplate().getSpec().getInitContainers() == null || fresh.apps().deployments()
                    .inNamespace(StartingState.NS).withName("postgres").get().getSpec().getTemplate().getSpec()
                    .getInitContainers().isEmpty(), "back to the normal template");
        }
    }

    private static List<String> verifyArgs() {
        return List.of("run", ImageScript.home().resolve("workflows/verify-backup.yaml").toString(), "--context", "old",
                "-p", "image=runner/postgres-pgbackrest:15", "-p", "checkSql=select count(*) from events",
                "-p", "expect=1000", "-p", "database=postgres", "-p", "timeoutSeconds=120",
                "-p", "pgUser=" + StartingState.PG_USER);
    }
}
