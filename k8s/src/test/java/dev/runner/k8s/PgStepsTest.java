package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.k8s.cluster.ExecResult;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * backup-preflight, repo-guard and verify-credentials against the mock API server, with the pod's answers
 * (pgbackrest info JSON, psql rows) captured from a real PostgreSQL 15 + pgBackRest 2.45.
 */
class PgStepsTest {
    static final String SYSID = "7712149394872732451";
    static final String ARCHIVER_06 = "{\"archived_count\":8,\"last_archived_wal\":\"000000010000000000000006\","
            + "\"last_archived_time\":\"2026-11-25T16:38:46.662976+00:00\",\"failed_count\":0,\"last_failed_wal\":null,"
            + "\"last_failed_time\":null,\"stats_reset\":\"2026-11-25T16:38:27.62165+00:00\"}";
    static final String SCRAM_PW = "SCRAM-SHA-256$4096:oG5qsbz4M2E555jLtOu89Q==$7nFsHk3vaG0ICvoq+L0kGsdatr9ao0XowsmMDczrrZ0="
            + ":NTpT8nL+7v3Gy618+WrhlQkgPTA8hWwVyOr9deEL2xs=";

    @TempDir
    Path dir;
    MockCluster cluster;
    TestContext ctx;
    String info;
    String sysid = SYSID;

    @BeforeEach
    void setUp() throws IOException {
        cluster = new MockCluster("a");
        ctx = new TestContext(Map.of("kubeconfig", MockCluster.kubeconfig(dir, "hasura", cluster).toString()));
        cluster.client.pods().inNamespace("hasura").resource(new PodBuilder().withNewMetadata().withName("postgres-0")
                .withLabels(Map.of("app", "postgres")).endMetadata().withNewSpec().addNewContainer().withName("postgres")
                .withImage("runner/postgres-pgbackrest:15").endContainer().endSpec().withNewStatus().withPhase("Running")
                .endStatus().build()).create();
        info = resource("info-full-incr.json");
        ScriptedPodExec.install(this::answer);
    }

    private ExecResult answer(List<String> cmd) {
        String all = String.join(" ", cmd);
        if (all.startsWith("runner-pg.sh info")) {
            return info == null ? new ExecResult(1, "", "ERROR: [039]: HTTP request failed with 403 (Forbidden)")
                    : new ExecResult(0, info, "");
        }
        if (all.contains("pg_control_system")) {
            return new ExecResult(0, sysid + " " + ARCHIVER_06 + "\n", "");
        }
        if (all.contains("pg_authid")) {
            return new ExecResult(0, SCRAM_PW + "|t|f\n", "");
        }
        return new ExecResult(127, "", "unexpected " + all);
    }

    @AfterEach
    void tearDown() throws Exception {
        ScriptedPodExec.uninstall();
        ctx.close();
        cluster.close();
    }

    static String resource(String name) throws IOException {
        try (InputStream in = PgStepsTest.class.getResourceAsStream("/pgbackrest/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private TestContext preflight(String target, String value) {
        return ctx.next().with("target", target).with("targetValue", value);
    }

    @Test
    void preflightNamesTheBackupSetAndWindow() throws Exception {
        StepResult r = new BackupPreflightStep().run(preflight("time", "2026-11-25 17:38:42 Europe/Berlin"));
        assertEquals("20261125-163837F", r.outputs().get("backupSet"));
        assertEquals("2026-11-25 16:38:42+00", r.outputs().get("targetUtc"));
        assertEquals("time", r.outputs().get("type"));
        assertEquals("2026-11-25 16:38:41+00", r.outputs().get("windowStart"));
        assertEquals("2026-11-25 16:38:46.662976+00", r.outputs().get("windowEnd"));
        assertEquals("archiver", r.outputs().get("windowEndSource"));
        assertTrue(ScriptedPodExec.calls.get(0).startsWith("hasura/postgres-0/postgres: runner-pg.sh info --output=json"),
                ScriptedPodExec.calls.toString());
    }

    @Test
    void preflightRefusesOutsideTheWindowInPlanAndRun() {
        StepException e = assertThrows(StepException.class,
                () -> new BackupPreflightStep().plan(preflight("time", "2026-11-25 16:00:00+00")));
        assertTrue(e.getMessage().contains("before the recoverable window"), e.getMessage());
        assertFalse(e.retryable());
        StepException late = assertThrows(StepException.class,
                () -> new BackupPreflightStep().run(preflight("lsn", "0/9000000")));
        assertTrue(late.getMessage().contains("after the last archived WAL"), late.getMessage());
        StepException zone = assertThrows(StepException.class,
                () -> new BackupPreflightStep().plan(preflight("time", "2026-11-25 16:40:00")));
        assertTrue(zone.getMessage().contains("has no time zone"), zone.getMessage());
    }

    @Test
    void preflightPlanShowsTheVerdictOnlineAndWorksOffline() throws Exception {
        StepPlan p = new BackupPreflightStep().plan(preflight("latest", ""));
        assertFalse(p.changes());
        assertTrue(p.action().contains("restoring backup set 20261125-163837F_20261125-163842I"), p.action());
        assertTrue(p.details().get(0).startsWith("recoverable window: 2026-11-25 16:38:41+00"), p.details().toString());

        TestContext offline = new TestContext(Map.of("kubeconfig", dir.resolve("none").toString()))
                .with("target", "xid").with("targetValue", "1234");
        StepPlan off = new BackupPreflightStep().plan(offline);
        assertTrue(off.action().contains("offline"), off.action());
        assertTrue(off.action().contains("target xid 1234"), off.action());
    }

    @Test
    void preflightFromGivenInfoJsonAndAGivenBackupSet() throws Exception {
        TestContext c = preflight("time", "2026-11-25T16:38:45Z").with("infoJson", info)
                .with("backupSet", "20261125-163837F");
        StepResult r = new BackupPreflightStep().run(c);
        assertEquals("20261125-163837F", r.outputs().get("backupSet"));
        TestContext bad = preflight("time", "2026-11-25T16:38:42Z").with("backupSet", "20261125-163837F_20261125-163842I");
        StepException e = assertThrows(StepException.class, () -> new BackupPreflightStep().run(bad));
        assertTrue(e.getMessage().contains("after the target"), e.getMessage());
    }

    @Test
    void pgBackRestsErrorIsShown() {
        info = null;
        StepException e = assertThrows(StepException.class, () -> new BackupPreflightStep().run(preflight("latest", "")));
        assertTrue(e.getMessage().contains("ERROR: [039]: HTTP request failed with 403"), e.getMessage());
    }

    @Test
    void anUnreadableRepositoryFailsOrWarnsButABadTargetAlwaysFails() throws Exception {
        info = null;
        StepResult r = new BackupPreflightStep().run(preflight("time", "2026-11-25 17:38:42 Europe/Berlin")
                .with("onUnavailable", "warn").with("backupSet", "20261125-163837F"));
        assertEquals("2026-11-25 16:38:42+00", r.outputs().get("target"));
        assertEquals("20261125-163837F", r.outputs().get("backupSet"));
        assertEquals("unknown", r.outputs().get("windowEnd"));
        info = resource("info-missing-stanza.json");
        assertEquals("unknown", new BackupPreflightStep().run(preflight("latest", "").with("onUnavailable", "warn"))
                .outputs().get("windowStart"), "a pod that sees no stanza is not a verdict");
        StepException missing = assertThrows(StepException.class, () -> new BackupPreflightStep().run(preflight("latest", "")));
        assertTrue(missing.getMessage().contains("has no stanza cap ('missing stanza path')"), missing.getMessage());
        TestContext noZone = preflight("time", "2026-11-25 17:38:42").with("onUnavailable", "warn");
        assertThrows(StepException.class, () -> new BackupPreflightStep().run(noZone));
        info = resource("info-full-incr.json");
        TestContext outside = preflight("time", "2026-11-25 16:00:00+00").with("onUnavailable", "warn");
        assertThrows(StepException.class, () -> new BackupPreflightStep().run(outside));
    }

    @Test
    void repoGuardRefusesAnotherDatabasesRepository() throws Exception {
        StepResult ok = new RepoGuardStep().run(ctx.next().with("repo", "s3://backups/hasura"));
        assertEquals("same-database", ok.outputs().get("outcome"));
        sysid = "7312149394872732999";
        StepException e = assertThrows(StepException.class,
                () -> new RepoGuardStep().run(ctx.next().with("repo", "s3://backups/hasura")));
        assertTrue(e.getMessage().contains("repository s3://backups/hasura (stanza cap) belongs to another database"),
                e.getMessage());
        info = resource("info-missing-stanza.json");
        assertEquals("empty", new RepoGuardStep().run(ctx.next()).outputs().get("outcome"));
    }

    @Test
    void credentialsAreCheckedWithoutSendingThePassword() throws Exception {
        secret("pw");
        StepResult r = new VerifyCredentialsStep().run(ctx.next());
        assertEquals("postgres", r.outputs().get("user"));
        assertTrue(ScriptedPodExec.calls.stream().noneMatch(c -> c.contains("pw ") || c.endsWith("pw")), ScriptedPodExec.calls.toString());

        cluster.client.secrets().inNamespace("hasura").withName("postgres").delete();
        secret("not-the-password");
        TestContext wrong = ctx.next();
        StepException e = assertThrows(StepException.class, () -> new VerifyCredentialsStep().run(wrong));
        assertTrue(e.getMessage().contains("the password does NOT match: Secret postgres key postgres.password vs role"
                + " postgres"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password"));
        assertTrue(wrong.secrets.mask("x not-the-password " + SCRAM_PW).equals("x " + dev.runner.model.Secrets.MASK
                + " " + dev.runner.model.Secrets.MASK), "password and verifier registered as secrets");
    }

    private void secret(String password) {
        cluster.client.secrets().inNamespace("hasura").resource(new SecretBuilder().withNewMetadata().withName("postgres")
                .endMetadata().addToData("postgres.password", java.util.Base64.getEncoder().encodeToString(
                        password.getBytes(StandardCharsets.UTF_8))).build()).create();
    }
}
