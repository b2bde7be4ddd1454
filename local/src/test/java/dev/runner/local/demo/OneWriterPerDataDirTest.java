package dev.runner.local.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.local.DataDirSampler;
import dev.runner.local.ImageScript;
import dev.runner.local.LocalEnvironment;
import dev.runner.local.Testbed;
import dev.runner.local.store.S3ProxyServer;
import dev.runner.local.store.TlsCert;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #18 item 1: one writer per PGDATA, whatever the Deployment's strategy. The postgres Deployment has no
 * {@code strategy}, so the API server defaults it to RollingUpdate with maxSurge 25%, rounded up to one pod
 * (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy): left alone, every template
 * change would start the new postgres pod beside the old one, on the same hostPath data directory. While
 * configure-backup, recovery (in place) and stop-backup run, a sampler watches the host's processes and finds no
 * instant at which two postmasters, or a restore and a postmaster, use that directory; the rows survive every
 * workflow, and after stop-backup the Deployment's whole spec, strategy included, is what it was before.
 */
class OneWriterPerDataDirTest {
    static final String BUCKET = "backups";

    @Test
    @Timeout(value = 25, unit = TimeUnit.MINUTES)
    void noTwoServersEverShareTheDataDirectoryOfARollingUpdateDeployment() throws Exception {
        Testbed.requirePostgres();
        Testbed.requirePgbackrest();
        Path dir = Testbed.tempDir("local-one-writer");
        try (LocalEnvironment env = LocalEnvironment.start(dir.resolve("clusters"), ImageScript.locate(), true,
                List.of("prod"));
             S3ProxyServer s3 = S3ProxyServer.start(S3ProxyServer.defaultJar(), Files.createDirectories(dir.resolve("s3")),
                     TlsCert.create(dir.resolve("tls")), BUCKET)) {
            KubernetesClient prod = env.cluster("prod").client();
            StartingState.create(prod, "prod-pg-pw-1", "prod-admin-pw-1", null);
            Pods.ready(prod, "postgres", Duration.ofMinutes(3));
            Scenario.seed(prod);   // 1000 rows
            String before = spec(prod);
            assertEquals("RollingUpdate", deployment(prod).getSpec().getStrategy().getType(), before);
            WorkflowCli cli = new WorkflowCli(env, s3, dir, "prod", BUCKET);

            WorkflowCli.Result plan = cli.plan("configure-backup");
            assertEquals(0, plan.exit(), plan.text());
            assertTrue(plan.text().contains("strategy RollingUpdate -> Recreate for this change, restored after"
                    + " the rollout"), plan.text());

            Path data = env.cluster("prod").workDir().resolve("hostpath/var/lib/postgresql/data");
            try (DataDirSampler sampler = DataDirSampler.start(data, Duration.ofMillis(150))) {
                assertEquals(1, sampler.holders().size(), "the sampler sees the running postmaster: "
                        + sampler.holders());

                WorkflowCli.Result configure = cli.run("configure-backup");
                assertEquals(List.of(), sampler.overlaps(), "configure-backup");
                assertEquals(0, configure.exit(), configure.text());
                assertEquals("1000", Pods.psql(prod, "select count(*) from events"), "rows after configure-backup");
                assertEquals(strategy(before), strategy(spec(prod)), "the strategy is given back after the rollout");
                assertNull(deployment(prod).getMetadata().getAnnotations().get("runner.dev/original-strategy"));

                Pods.psql(prod, "insert into events(batch) select 'A' from generate_series(1, 100)");
                Pods.exec(prod, Pods.ready(prod, "postgres", Duration.ofMinutes(1)).getMetadata().getName(),
                        "runner-pg.sh", "check");   // the rows' WAL is in the repository
                WorkflowCli.Result recovery = cli.run("recovery", "target=latest");
                assertEquals(List.of(), sampler.overlaps(), "recovery");
                assertEquals(0, recovery.exit(), recovery.text());
                assertTrue(sampler.samplesWithRestore() > 0, "the sampler saw the restore initContainer's pgBackRest");
                assertEquals("1100", Pods.psql(prod, "select count(*) from events"), "rows after recovery");

                WorkflowCli.Result stop = cli.runWithoutRepository("stop-backup");
                assertEquals(List.of(), sampler.overlaps(), "stop-backup");
                assertEquals(0, stop.exit(), stop.text());
                assertEquals("1100", Pods.psql(prod, "select count(*) from events"), "rows after stop-backup");
                assertEquals(before, spec(prod), "stop-backup gives back the whole spec: template and strategy");

                System.out.printf("data-dir sampler: %d samples, %d with a process on the data directory (%d with the"
                        + " restore), %d overlaps%n", sampler.samples(), sampler.samplesWithHolder(),
                        sampler.samplesWithRestore(), sampler.overlaps().size());
                assertTrue(sampler.samplesWithHolder() > sampler.samples() / 2, "the sampler saw the servers");
            }
        }
    }

    private static Deployment deployment(KubernetesClient c) {
        return c.apps().deployments().inNamespace(StartingState.NS).withName("postgres").get();
    }

    private static String spec(KubernetesClient c) {
        return Serialization.asJson(deployment(c).getSpec());
    }

    private static String strategy(String specJson) {
        return Serialization.asJson(Serialization.unmarshal(specJson, io.fabric8.kubernetes.api.model.apps
                .DeploymentSpec.class).getStrategy());
    }
}
