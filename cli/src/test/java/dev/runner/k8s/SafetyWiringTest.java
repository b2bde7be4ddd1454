package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.cli.Main;
import dev.runner.k8s.cluster.ExecResult;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The shipped workflows use the safety steps: `runner plan` against the mock API server shows their verdicts. */
class SafetyWiringTest {
    static final Path WORKFLOWS = Path.of("..", "workflows");
    @TempDir
    Path dir;
    MockCluster cluster;
    String kubeconfig;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new MockCluster("prod");
        kubeconfig = MockCluster.kubeconfig(dir, "hasura", cluster).toString();
        cluster.client.pods().inNamespace("hasura").resource(new PodBuilder().withNewMetadata().withName("postgres-0")
                .withLabels(Map.of("app", "postgres")).endMetadata().withNewSpec().addNewContainer().withName("postgres")
                .endContainer().endSpec().withNewStatus().withPhase("Running").endStatus().build()).create();
        String info = PgStepsTest.resource("info-full-incr.json");
        ScriptedPodExec.install(cmd -> String.join(" ", cmd).startsWith("runner-pg.sh info")
                ? new ExecResult(0, info, "")
                : new ExecResult(0, PgStepsTest.SYSID + " " + PgStepsTest.ARCHIVER_06 + "\n", ""));
    }

    @AfterEach
    void tearDown() {
        ScriptedPodExec.uninstall();
        cluster.close();
    }

    private JsonNode step(String workflow, String id, String... params) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new java.util.ArrayList<>(List.of("plan", WORKFLOWS.resolve(workflow).toString(),
                "--kubeconfig", kubeconfig, "-o", "json"));
        for (String p : params) {
            args.add("-p");
            args.add(p);
        }
        Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Map.of());
        JsonNode plan = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
        for (JsonNode s : plan.path("steps")) {
            if (s.path("id").asString().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no step " + id + " in " + plan);
    }

    @Test
    void configureBackupGuardsTheRepositoryBeforeThePatch() {
        JsonNode guard = step("configure-backup.yaml", "guard", "s3Bucket=b");
        assertEquals("repo-guard", guard.path("type").asString());
        assertEquals("image-match", guard.path("needs").get(0).asString(), "the image is checked first");
        assertEquals("server-versions.query", step("configure-backup.yaml", "image-match", "s3Bucket=b").path("needs")
                .get(0).asString());
        assertEquals("preflight.job", step("configure-backup.yaml", "server-versions.query", "s3Bucket=b")
                .path("needs").get(0).asString());
        assertTrue(guard.path("action").asString().contains("belongs to this database (" + PgStepsTest.SYSID
                + ", in the pod matching app=postgres), with pgbackrest info from <output of step preflight.job>"),
                guard.toString());
        assertEquals("guard", step("configure-backup.yaml", "legacy-env", "s3Bucket=b").path("needs").get(0).asString());
        assertEquals("legacy-env", step("configure-backup.yaml", "archiving.patch", "s3Bucket=b").path("needs").get(0)
                .asString(), "the patch comes after the guard");
        JsonNode job = step("configure-backup.yaml", "preflight.job", "s3Bucket=b");
        assertTrue(job.path("action").asString().endsWith("outputs from its log: info, versions"), job.toString());
    }

    @Test
    void recoveryPlanShowsTheWindowVerdictWhenTheSourceAnswersAndSaysWhenItDoesNot() {
        JsonNode window = step("recovery.yaml", "window", "stanza=cap", "target=time",
                "targetValue=2026-11-25 17:38:43 Europe/Berlin");
        assertEquals("backup-preflight", window.path("type").asString());
        assertEquals("<output of step preflight.job>", window.path("with").path("infoJson").asString());
        assertTrue(window.path("action").asString().startsWith("target time 2026-11-25 16:38:43+00 is inside the"
                + " recoverable window"), window.toString());
        assertTrue(window.path("action").asString().contains("restoring backup set 20261125-163837F"), window.toString());

        JsonNode rollout = step("recovery.yaml", "rollout");
        assertEquals("3", rollout.path("with").path("failAfterRestarts").asString(), "a failing restore stops the wait");

        ScriptedPodExec.install(cmd -> new ExecResult(127, "", "runner-pg.sh: not found"));   // a new cluster
        JsonNode later = step("recovery.yaml", "window", "target=time", "targetValue=2026-11-25 17:38:43+01");
        assertTrue(later.path("action").asString().startsWith("check target time 2026-11-25 16:38:43+00 against the"
                + " recoverable window and name the backup set when the run gets here, with pgbackrest info from"
                + " <output of step preflight.job>, before anything changes"), later.toString());
        JsonNode noZone = step("recovery.yaml", "window", "target=time", "targetValue=2026-11-25 17:38:43");
        assertEquals("invalid", noZone.path("status").asString(), noZone.toString());
        assertTrue(noZone.path("action").asString().contains("has no time zone"), noZone.toString());
    }

    @Test
    void postRecoveryChecksTheCopiedPassword() {
        JsonNode pw = step("post-recovery.yaml", "check-password", "fromContext=prod", "toContext=prod");
        assertEquals("verify-credentials", pw.path("type").asString());
        assertEquals("postgres-password", pw.path("needs").get(0).asString());
        assertTrue(pw.path("action").asString().contains("Secret postgres key postgres.password"), pw.toString());
    }

    @Test
    void verifyBackupRunsNowOrInstallsTheCronJob() {
        JsonNode now = step("verify-backup.yaml", "verify", "checkSql=select count(*) from \"Orders\" where note = 'x'");
        assertEquals("run-job", now.path("type").asString());
        JsonNode env = now.path("with").path("job").path("template").path("spec").path("containers").get(0).path("env");
        assertEquals("select count(*) from \"Orders\" where note = 'x'", env.get(2).path("value").asString(),
                "quotes reach the Job intact");
        assertEquals("skipped", step("verify-backup.yaml", "schedule").path("status").asString());
        assertEquals("skipped", step("verify-backup.yaml", "verify", "schedule=0 4 * * 0").path("status").asString());
        JsonNode cron = step("verify-backup.yaml", "schedule", "schedule=0 4 * * 0");
        assertEquals("change", cron.path("status").asString(), cron.toString());
        assertEquals("create CronJob hasura/verify-backup", cron.path("details").get(0).asString());
        JsonNode pod = cron.path("with").path("manifest").path("spec").path("jobTemplate").path("spec").path("template");
        assertEquals("verify", pod.path("spec").path("containers").get(0).path("args").get(0).asString(), cron.toString());
    }
}
