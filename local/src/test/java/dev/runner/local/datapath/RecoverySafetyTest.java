package dev.runner.local.datapath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.k8s.BackupPreflightStep;
import dev.runner.k8s.RepoGuardStep;
import dev.runner.k8s.VerifyCredentialsStep;
import dev.runner.k8s.cluster.PodExec;
import dev.runner.local.pg.PgNode;
import dev.runner.local.pg.PgTools;
import dev.runner.local.pg.RepoTemplates;
import dev.runner.local.proc.Command;
import dev.runner.local.store.S3ProxyServer;
import dev.runner.local.store.TlsCert;
import dev.runner.model.Secrets;
import dev.runner.step.BasicStepContext;
import dev.runner.step.Services;
import dev.runner.step.StepContext;
import dev.runner.step.StepException;
import dev.runner.step.StepLog;
import dev.runner.step.StepResult;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Recovery safety for real: PostgreSQL 15 archiving with pgBackRest into S3Proxy through k8s/image/runner-pg.sh;
 * the step types talk to the mock API server for pods and Secrets, and their commands run in the local "pods".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnableKubernetesMockClient(crud = true)
class RecoverySafetyTest {
    static final String STANZA = "safety";
    static final Duration CMD = Duration.ofMinutes(2);
    static KubernetesClient client;
    static KubernetesMockServer server;

    PgTools tools;
    Path work;
    S3ProxyServer s3;
    Map<String, String> repoEnv;
    PgNode source;
    Instant backupStop;
    String fullLabel;
    Path kubeconfig;
    final List<PgNode> nodes = new ArrayList<>();
    final List<String> log = new ArrayList<>();

    @BeforeAll
    void archiveBackUpAndWrite() throws Exception {
        tools = PgTools.locate();
        RequiredTools.require(tools.missing());
        RequiredTools.require(Files.isRegularFile(S3ProxyServer.defaultJar()) ? List.of() : List.of("S3Proxy jar"));
        work = tools.ownedDir(Files.createTempDirectory("runner-safety-"));
        TlsCert cert = TlsCert.create(work.resolve("tls"));
        s3 = S3ProxyServer.start(S3ProxyServer.defaultJar(), work.resolve("store"), cert, "backups");
        Map<String, String> params = new HashMap<>(Map.of("namespace", "hasura", "stanza", STANZA,
                "repoPath", "/safety", "retentionFull", "2", "compressType", "lz4", "processMax", "2", "startFast", "y",
                "logLevel", "", "verifyTls", "y", "caFile", cert.certPem().toString()));
        params.putAll(Map.of("cipherType", "none", "cipherPass", "", "s3Bucket", "backups", "s3Region", "us-east-1",
                "s3Endpoint", s3.endpoint(), "s3UriStyle", "path", "s3Key", S3ProxyServer.ACCESS_KEY,
                "s3KeySecret", S3ProxyServer.SECRET_KEY));
        repoEnv = new RepoTemplates(tools.repoRoot()).render("s3", params).mountFilesAt(work.resolve("repo-files"));

        source = node("source", "postgres-0");
        source.start(List.of("-c", "archive_mode=on", "-c", "archive_command=pgbackrest --stanza=" + STANZA
                + " archive-push %p", "-c", "wal_level=replica"));
        ok(source.script(CMD, "stanza-create"));
        source.sql("create table t(id int primary key); insert into t select generate_series(1, 100)");
        ok(source.script(CMD, "backup", "full"));
        backupStop = Instant.now();
        Command.Result info = source.script(CMD, "info", "--output=json");
        ok(info);
        fullLabel = dev.runner.pgbackrest.InfoParser.stanza(info.output(), STANZA).latest().orElseThrow().label();
        source.sql("insert into t select generate_series(101, 200)");
        ok(source.script(CMD, "check"));   // switches WAL and waits until it is archived

        LocalPodExec.tools = tools;
        System.setProperty(PodExec.PROPERTY, LocalPodExec.class.getName());
        kubeconfig = work.resolve("kubeconfig");
        Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: "
                + client.getConfiguration().getMasterUrl() + "\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n    token: t\ncontexts:\n"
                + "- name: c\n  context: {cluster: c, user: u, namespace: hasura}\ncurrent-context: c\n");
        pod("postgres-0", "postgres");
    }

    @Test
    void preflightRefusesTargetsOutsideTheWindowOrWithoutZone() throws Exception {
        String before = preflightError("time", backupStop.minus(Duration.ofHours(1)).toString());
        assertTrue(before.contains("is before the recoverable window: the earliest backup"), before);
        Thread.sleep(1100);
        String after = preflightError("time", Instant.now().toString());
        assertTrue(after.contains("is after the last archived WAL"), after);
        assertTrue(after.contains("Recoverable window: "), after);
        String noZone = preflightError("time", "2026-11-20 10:00:00");
        assertTrue(noZone.contains("has no time zone"), noZone);

        String archivedAt = source.sql("select last_archived_time from pg_stat_archiver");
        StepResult ok = new BackupPreflightStep().run(ctx(Map.of("target", "time", "targetValue",
                backupStop.plusMillis(500).toString())));
        assertEquals("archiver", ok.outputs().get("windowEndSource"));
        assertTrue(archivedAt.startsWith(ok.outputs().get("windowEnd").substring(0, 19)), archivedAt + " vs " + ok.outputs());
        assertTrue(ok.outputs().get("backupSet").endsWith("F"), ok.outputs().toString());
        var plan = new BackupPreflightStep().plan(ctx(Map.of("target", "latest")));
        assertTrue(plan.action().contains("restoring backup set " + ok.outputs().get("backupSet")), plan.action());
    }

    @Test
    void repoGuardDetectsAnotherDatabase() throws Exception {
        assertEquals("same-database", new RepoGuardStep().run(ctx(Map.of("repo", "s3://backups/safety"))).outputs()
                .get("outcome"));
        PgNode other = node("other", "other-0");
        other.start(List.of());
        pod("other-0", "other");
        StepException e = assertThrows(StepException.class, () -> new RepoGuardStep().run(ctx(Map.of(
                "repo", "s3://backups/safety", "selector", "app=other"))));
        assertTrue(e.getMessage().contains("repository s3://backups/safety (stanza " + STANZA + ") belongs to another database"),
                e.getMessage());
        assertTrue(e.getMessage().contains(other.sql("select system_identifier from pg_control_system()")), e.getMessage());
    }

    @Test
    void credentialsAreVerifiedAgainstTheRealRole() throws Exception {
        secret("postgres", PgNode.PASSWORD);
        assertEquals("postgres", new VerifyCredentialsStep().run(ctx(Map.of("secret", "postgres"))).outputs().get("user"));
        secret("postgres-wrong", "an-old-password");
        StepException e = assertThrows(StepException.class,
                () -> new VerifyCredentialsStep().run(ctx(Map.of("secret", "postgres-wrong"))));
        assertTrue(e.getMessage().startsWith("the password does NOT match: Secret postgres-wrong key postgres.password"),
                e.getMessage());
        assertFalse(String.join("\n", log).contains("an-old-password"));
    }

    @Test
    void verifyBackupRestoresRecoversAndChecks() {
        Command.Result good = source.script(Map.of("VERIFY_SQL", "select count(*) from t", "VERIFY_EXPECT", "200",
                "VERIFY_DIR", work.resolve("verify-good").toString()), CMD, "verify");
        assertEquals(0, good.exitCode(), good.output());
        assertTrue(good.output().contains("VERIFY_RESULT={\"ok\":true,\"message\":\"ok\",\"backupSet\":\""), good.output());
        assertTrue(good.output().contains("\"result\":\"200\",\"seconds\":"), good.output());
        java.util.regex.Matcher measured = java.util.regex.Pattern.compile(
                "\"recoverySeconds\":(\\d+\\.\\d{3}),\"walBytes\":(\\d+)}").matcher(good.output());
        assertTrue(measured.find(), "recovery time and WAL replayed are measured: " + good.output());
        assertTrue(Long.parseLong(measured.group(2)) > 0, "WAL after the backup was replayed: " + good.output());
        assertFalse(Files.exists(work.resolve("verify-good")), "scratch dir removed");

        Command.Result wrong = source.script(Map.of("VERIFY_SQL", "select count(*) from t", "VERIFY_EXPECT", "999",
                "VERIFY_TYPE", "immediate", "VERIFY_DIR", work.resolve("verify-wrong").toString()), CMD, "verify");
        assertEquals(1, wrong.exitCode(), wrong.output());
        assertTrue(wrong.output().contains("\"ok\":false,\"message\":\"expected '999'\""), wrong.output());
        assertTrue(wrong.output().contains("\"result\":\"100\""), "immediate: the backup alone: " + wrong.output());
    }

    @Test
    void failedRestoresSayWhyWithinTheirTimeout() {
        Command.Result badSet = source.script(Map.of("VERIFY_SET", "20000101-000000F",
                "VERIFY_DIR", work.resolve("verify-bad").toString()), CMD, "verify");
        assertEquals(1, badSet.exitCode());
        assertTrue(badSet.output().contains("ERROR: [") && badSet.output().contains("20000101-000000F"), badSet.output());

        long t0 = System.nanoTime();
        Command.Result unreachable = source.script(Map.of("PGBACKREST_REPO1_S3_ENDPOINT", "localhost:1",
                "VERIFY_TIMEOUT", "5", "VERIFY_DIR", work.resolve("verify-unreachable").toString()), CMD, "verify");
        long seconds = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
        assertEquals(1, unreachable.exitCode(), unreachable.output());
        assertTrue(unreachable.output().contains("did not finish within 5s") || unreachable.output().contains("ERROR: ["),
                unreachable.output());
        assertTrue(seconds < 30, "bounded by VERIFY_TIMEOUT, took " + seconds + "s");
    }

    /**
     * What an interrupted restore leaves behind (pgBackRest's backup.manifest, a few files, the postmaster.pid of a
     * server of this pod that died) does not block the retry: the entrypoint resumes it with --delta.
     */
    @Test
    void aHalfRestoredDataDirIsResumed() throws java.io.IOException {
        PgNode node = node("half", "half-0");
        Path manifest = work.resolve("backup.manifest");   // the store's own file is readable only by its owner
        Files.copy(s3.blobs().resolve("backups/safety/backup/" + STANZA + "/" + fullLabel + "/backup.manifest"), manifest);
        Files.setPosixFilePermissions(manifest, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        ok(node.script(Map.of(), CMD, "sh", "-c", "mkdir -p \"$PGDATA\" && chmod 700 \"$PGDATA\" && cp '" + manifest
                + "' \"$PGDATA/backup.manifest\" && echo 15 > \"$PGDATA/PG_VERSION\" && echo garbage > \"$PGDATA/postgresql.conf\""
                + " && printf '999999\\n%s\\n%s\\n' \"$PGDATA\" \"$(date +%s)\" > \"$PGDATA/postmaster.pid\""
                + " && printf '/usr/lib/postgresql/15/bin/postgres \"-c\" \"runner.pod=%s\"\\n' \"$(cat"
                + " /proc/sys/kernel/hostname)\" > \"$PGDATA/postmaster.opts\""));   // a server of this pod that died
        Command.Result r = node.script(Map.of("RESTORE_ID", "half"), CMD, "restore");
        ok(r);
        assertTrue(r.output().contains("written by an earlier server of this pod") && r.output().contains("--delta"),
                r.output());
        node.start(List.of());
        node.awaitPromoted(Duration.ofMinutes(2));
        assertEquals("200", node.sql("select count(*) from t"));
    }

    // ---------------------------------------------------------------------------------------------------------

    private String preflightError(String target, String value) {
        return assertThrows(StepException.class, () -> new BackupPreflightStep().run(ctx(Map.of("target", target,
                "targetValue", value)))).getMessage();
    }

    private StepContext ctx(Map<String, Object> with) {
        Map<String, Object> w = new LinkedHashMap<>(with);
        StepLog l = new StepLog() {
            public void info(String m) { log.add(m); }
            public void warn(String m) { log.add(m); }
            public void progress(String m) { log.add(m); }
        };
        return new BasicStepContext("safety", w, work, Map.of("kubeconfig", kubeconfig.toString()),
                Optional.of(CMD), () -> false, l, new Secrets(), new Services());
    }

    private PgNode node(String name, String pod) {
        PgNode n = new PgNode(tools, work.resolve(name), repoEnv);
        nodes.add(n);
        LocalPodExec.PODS.put(pod, n);
        return n;
    }

    private void pod(String name, String app) {
        client.pods().inNamespace("hasura").resource(new PodBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("app", app)).endMetadata().withNewSpec().addNewContainer().withName("postgres")
                .endContainer().endSpec().withNewStatus().withPhase("Running").endStatus().build()).create();
    }

    private void secret(String name, String password) {
        client.secrets().inNamespace("hasura").resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                .addToStringData("postgres.password", password).addToStringData("postgres.user", "postgres").build())
                .create();
    }

    private static void ok(Command.Result r) {
        assertEquals(0, r.exitCode(), r.output());
    }

    @AfterAll
    void cleanUp() throws Exception {
        System.clearProperty(PodExec.PROPERTY);
        nodes.forEach(PgNode::close);
        if (s3 != null) {
            s3.close();
        }
        if (work != null) {
            try (var s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
