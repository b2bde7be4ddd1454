package dev.runner.local.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.local.ImageScript;
import dev.runner.local.LocalEnvironment;
import dev.runner.local.Testbed;
import dev.runner.local.store.S3ProxyServer;
import dev.runner.local.store.TlsCert;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #18 item 5: the backup workflows in a namespace that enforces Pod Security "restricted"
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted), on a local cluster with real
 * containers, PostgreSQL 15, pgBackRest and S3Proxy: configure-backup (its preflight Job, the CronJob), a backup from
 * the CronJob, verify-backup (its Job) and a point-in-time recovery (the restore initContainer in the user's pod)
 * all succeed, the backups are there and the rows are exactly as of the target. The user's postgres Deployment is
 * itself restricted ({@link StartingState#createRestricted}). And a spec of ours with one restricted field taken away
 * is refused by the API server, so the namespace's enforcement is real.
 */
class RestrictedNamespaceTest {
    static final String BUCKET = "backups";
    static final Duration T = Duration.ofMinutes(3);

    @Test
    @org.junit.jupiter.api.Timeout(value = 20, unit = java.util.concurrent.TimeUnit.MINUTES)
    void backupVerifyAndRecoveryRunUnderPodSecurityRestricted() throws Exception {
        Testbed.requirePostgres();
        Testbed.requirePgbackrest();
        Path dir = Testbed.tempDir("local-restricted");
        try (LocalEnvironment env = LocalEnvironment.start(dir.resolve("clusters"), ImageScript.locate(), true,
                List.of("prod"));
             S3ProxyServer s3 = S3ProxyServer.start(S3ProxyServer.defaultJar(), Files.createDirectories(dir.resolve("s3")),
                     TlsCert.create(dir.resolve("tls")), BUCKET)) {
            KubernetesClient prod = env.cluster("prod").client();
            StartingState.createRestricted(prod, "prod-pg-pw-1");
            assertEquals("restricted", prod.namespaces().withName(StartingState.NS).get().getMetadata().getLabels()
                    .get("pod-security.kubernetes.io/enforce"));
            Pods.ready(prod, "postgres", T);
            Scenario.seed(prod);   // 1000 rows 'initial'
            WorkflowCli cli = new WorkflowCli(env, s3, dir, "prod", BUCKET);

            assertEquals(0, cli.run("configure-backup").exit(), "configure-backup");

            var job = Testbed.jobFromCronJob(env.kubeconfig(), prod, StartingState.NS, "postgres-backup",
                    "backup-now", T);
            String log = Testbed.kubectl(env.kubeconfig(), "--context", "prod", "-n", StartingState.NS, "logs",
                    "job/backup-now");
            assertEquals(1, job.getStatus().getSucceeded(), "the CronJob's backup: " + log);
            assertEquals(2, fullBackups(prod), "configure-backup's first backup and the CronJob's");

            var verified = cli.runWithoutRepository("verify-backup", "checkSql=select count(*) from events",
                    "expect=1000", "database=postgres");
            assertEquals(0, verified.exit(), verified.text());

            Thread.sleep(2000);   // a time target must lie after the latest backup's stop time (whole seconds)
            Pods.psql(prod, "insert into events(batch) select 'A' from generate_series(1, 100)");
            String target = Pods.psql(prod, "select to_char(clock_timestamp() at time zone 'UTC',"
                    + " 'YYYY-MM-DD HH24:MI:SS.US') || '+00'");
            Thread.sleep(1500);
            Pods.psql(prod, "insert into events(batch) select 'B' from generate_series(1, 50)");
            Pods.exec(prod, Pods.ready(prod, "postgres", T).getMetadata().getName(), "runner-pg.sh", "check");

            var recovered = cli.run("recovery", "target=time", "targetValue=" + target);
            assertEquals(0, recovered.exit(), recovered.text());
            assertEquals("initial=1000 A=100", Pods.psql(prod, "select string_agg(batch || '=' || n, ' ' order by"
                    + " first) from (select batch, count(*) n, min(id) first from events group by batch) x"),
                    "exactly the rows as of the target");
            assertTrue(fullBackups(prod) >= 3, "the in-place recovery's safety backup too");
            assertEquals(List.of(), prod.v1().events().inNamespace(StartingState.NS).list().getItems().stream()
                    .filter(e -> "FailedCreate".equals(e.getReason())).map(e -> e.getMessage()).toList(),
                    "no pod of the workflows was refused");

            refusedWithoutOneRestrictedField(prod);
        }
    }

    /**
     * The backup CronJob's pod spec, as configure-backup installed it, is admitted as a Pod; with its container's
     * allowPrivilegeEscalation taken away the API server refuses it with Pod Security's reason.
     */
    private static void refusedWithoutOneRestrictedField(KubernetesClient c) {
        PodSpec spec = c.batch().v1().cronjobs().inNamespace(StartingState.NS).withName("postgres-backup").get()
                .getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        Pod admitted = c.pods().inNamespace(StartingState.NS).resource(new PodBuilder().withNewMetadata()
                .withName("as-shipped").endMetadata().withSpec(spec).build()).create();
        c.pods().inNamespace(StartingState.NS).resource(admitted).withGracePeriod(0).delete();
        spec.getContainers().get(0).getSecurityContext().setAllowPrivilegeEscalation(null);
        KubernetesClientException refused = assertThrows(KubernetesClientException.class, () -> c.pods()
                .inNamespace(StartingState.NS).resource(new PodBuilder().withNewMetadata().withName("one-field-less")
                        .endMetadata().withSpec(spec).build()).create());
        assertEquals(403, refused.getCode());
        assertTrue(refused.getMessage().contains("pods \"one-field-less\" is forbidden: violates PodSecurity"
                + " \"restricted:latest\": allowPrivilegeEscalation != false (container \"backup\" must set"
                + " securityContext.allowPrivilegeEscalation=false)"), refused.getMessage());
    }

    private static int fullBackups(KubernetesClient c) throws Exception {
        String info = Pods.exec(c, Pods.ready(c, "postgres", T).getMetadata().getName(), "runner-pg.sh", "info");
        return (int) info.lines().filter(l -> l.matches(" +full backup: .*")).count();
    }
}
