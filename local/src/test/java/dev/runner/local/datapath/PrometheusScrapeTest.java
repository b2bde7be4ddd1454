package dev.runner.local.datapath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.cli.Main;
import dev.runner.k8s.cluster.PodExec;
import dev.runner.local.pg.PgNode;
import dev.runner.local.pg.PgTools;
import dev.runner.local.pg.RepoTemplates;
import dev.runner.local.proc.Command;
import dev.runner.local.store.S3ProxyServer;
import dev.runner.local.store.TlsCert;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The exporter read by a real Prometheus: PostgreSQL 15 archiving with pgBackRest into S3Proxy (the data path of
 * the local cluster), {@code runner backups --serve} finding the pod through the mock API server and asking it
 * through pod exec, and Debian's prometheus scraping it every 2 s with the repository's alert rules loaded.
 * Every assertion is a PromQL query against Prometheus's HTTP API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnableKubernetesMockClient(crud = true)
class PrometheusScrapeTest {
    static final String STANZA = "metrics";
    static final Duration CMD = Duration.ofMinutes(2);
    static final Duration WAIT = Duration.ofSeconds(90);
    static final String SEL = "{namespace=\"hasura\",deployment=\"postgres\",stanza=\"" + STANZA + "\"}";
    static KubernetesClient client;

    PgTools tools;
    Path work;
    S3ProxyServer s3;
    PgNode source;
    Thread exporter;
    final AtomicInteger exporterExit = new AtomicInteger(-1);
    final ByteArrayOutputStream exporterErr = new ByteArrayOutputStream();
    PrometheusServer prometheus;

    @BeforeAll
    void archiveBackUpServeAndScrape() throws Exception {
        tools = PgTools.locate();
        RequiredTools.require(tools.missing());
        RequiredTools.require(Files.isRegularFile(S3ProxyServer.defaultJar()), "S3Proxy jar");
        RequiredTools.require(Files.isExecutable(Path.of(PrometheusServer.BINARY)), "prometheus (Debian package)");
        work = tools.ownedDir(Files.createTempDirectory("runner-metrics-"));
        TlsCert cert = TlsCert.create(work.resolve("tls"));
        s3 = S3ProxyServer.start(S3ProxyServer.defaultJar(), work.resolve("store"), cert, "backups");
        Map<String, String> params = new HashMap<>(Map.of("namespace", "hasura", "stanza", STANZA,
                "repoPath", "/metrics", "retentionFull", "4", "compressType", "lz4", "processMax", "2", "startFast", "y",
                "logLevel", "", "verifyTls", "y", "caFile", cert.certPem().toString()));
        params.putAll(Map.of("cipherType", "none", "cipherPass", "", "s3Bucket", "backups", "s3Region", "us-east-1",
                "s3Endpoint", s3.endpoint(), "s3UriStyle", "path", "s3Key", S3ProxyServer.ACCESS_KEY,
                "s3KeySecret", S3ProxyServer.SECRET_KEY));
        Map<String, String> repoEnv = new RepoTemplates(tools.repoRoot()).render("s3", params)
                .mountFilesAt(work.resolve("repo-files"));
        source = new PgNode(tools, work.resolve("source"), repoEnv);
        source.start(List.of("-c", "archive_mode=on", "-c", "archive_command=pgbackrest --stanza=" + STANZA
                + " archive-push %p", "-c", "wal_level=replica"));
        ok(source.script(CMD, "stanza-create"));
        source.sql("create table t(id int primary key); insert into t select generate_series(1, 100)");
        ok(source.script(CMD, "backup", "full"));

        LocalPodExec.tools = tools;
        LocalPodExec.PODS.put("postgres-0", source);
        System.setProperty(PodExec.PROPERTY, LocalPodExec.class.getName());
        Path kubeconfig = work.resolve("kubeconfig");
        Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: "
                + client.getConfiguration().getMasterUrl() + "\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n"
                + "  user:\n    token: t\ncontexts:\n- name: c\n  context: {cluster: c, user: u, namespace: hasura}\n"
                + "current-context: c\n");
        client.pods().inNamespace("hasura").resource(new PodBuilder().withNewMetadata().withName("postgres-0")
                .withLabels(Map.of("app", "postgres")).endMetadata().withNewSpec().addNewContainer().withName("postgres")
                .endContainer().endSpec().withNewStatus().withPhase("Running").endStatus().build()).create();

        int port = serve(kubeconfig);
        prometheus = PrometheusServer.start(work.resolve("prometheus"), "runner-backups", "127.0.0.1:" + port,
                Duration.ofSeconds(2), List.of(tools.repoRoot().resolve("k8s/monitoring/runner-backup-alerts.yaml")));
    }

    /** {@code runner backups --serve 127.0.0.1:0} in this JVM; returns the port it printed. */
    private int serve(Path kubeconfig) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] args = {"backups", "--kubeconfig", kubeconfig.toString(), "-n", "hasura", "--serve", "127.0.0.1:0",
                "--cache-ttl", "1s", "--timeout", "60s"};
        exporter = new Thread(() -> exporterExit.set(Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(exporterErr, true, StandardCharsets.UTF_8), Map.of())), "exporter");
        exporter.start();
        Pattern p = Pattern.compile("serving backup metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(out.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the exporter did not start: " + out + exporterErr);
    }

    @Test
    void prometheusSeesAgeGrowBackupsResetItAndArchiverFailuresComeAndGo() throws Exception {
        // scraped in OpenMetrics (the _created series exists only in that format) and healthy
        double up = await("up{job=\"runner-backups\"}", v -> v == 1);
        assertEquals(1, up);
        await("runner_backup_up" + SEL, v -> v == 1);
        assertEquals(1, await("count(runner_backup_wal_archive_failures_created" + SEL + ")", v -> v == 1));
        assertEquals(1, await("runner_backup_sets" + SEL, v -> v >= 1));
        await("runner_backup_wal_archiving_healthy" + SEL, v -> v == 1);

        // the age grows while nothing is backed up
        double age1 = await("runner_backup_age_seconds" + SEL, v -> v >= 0);
        double age2 = await("runner_backup_age_seconds" + SEL, v -> v >= age1 + 4);
        double fullAt = await("runner_backup_last_success_timestamp_seconds" + SEL.replace("}", ",type=\"full\"}"), v -> v > 0);

        // a backup resets it
        ok(source.script(CMD, "backup", "incr"));
        double afterBackup = await("runner_backup_age_seconds" + SEL, v -> v < age2 - 2);
        assertTrue(afterBackup < age2, afterBackup + " < " + age2);
        double incrAt = await("runner_backup_last_success_timestamp_seconds" + SEL.replace("}", ",type=\"incr\"}"),
                v -> v > fullAt);
        assertEquals(2, await("runner_backup_sets" + SEL, v -> v == 2));
        assertTrue(await("runner_backup_window_end_timestamp_seconds" + SEL, v -> v >= incrAt) >= incrAt);

        // the repository goes away: archiving fails, the failure counter rises, the health gauge clears
        double failuresBefore = await("runner_backup_wal_archive_failures_total" + SEL, v -> v >= 0);
        Path archive = s3.blobs().resolve("backups/metrics/archive");
        Path aside = s3.blobs().resolve("archive-aside");
        Files.move(archive, aside);
        source.sql("insert into t select generate_series(101, 200); select pg_switch_wal()");
        await("runner_backup_wal_archive_failures_total" + SEL, v -> v > failuresBefore);
        assertEquals(0, await("runner_backup_wal_archiving_healthy" + SEL, v -> v == 0));
        await("runner_backup_wal_last_failure_timestamp_seconds" + SEL, v -> v > incrAt);
        String state = awaitAlert("RunnerWalArchivingFailing");
        assertEquals("pending", state, "for: 5m keeps it pending in this test");

        // it comes back: the next archive attempt succeeds and the gauge is 1 again
        Files.move(aside, archive);
        source.sql("insert into t select generate_series(201, 300); select pg_switch_wal()");
        assertEquals(1, await("runner_backup_wal_archiving_healthy" + SEL, v -> v == 1));
        double lastArchived = await("runner_backup_wal_last_archived_timestamp_seconds" + SEL, v -> v > incrAt);
        double lastFailure = await("runner_backup_wal_last_failure_timestamp_seconds" + SEL, v -> v > 0);
        assertTrue(lastArchived > lastFailure, "a success newer than the failure");
    }

    /** Polls the query until its single value satisfies {@code ok}; returns that value. */
    private double await(String promql, DoublePredicate ok) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<PrometheusServer.Sample> last = List.of();
        while (System.nanoTime() < deadline) {
            last = prometheus.query(promql);
            if (last.size() == 1 && ok.test(last.get(0).value())) {
                return last.get(0).value();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Prometheus: " + promql + " = " + last + " after " + WAIT.toSeconds() + " s\ntargets: "
                + prometheus.api("/api/v1/targets").path("activeTargets") + "\nexporter: " + exporterErr);
    }

    /** The state (pending/firing) of an alert once Prometheus has it. */
    private String awaitAlert(String name) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (var a : prometheus.api("/api/v1/alerts").path("alerts")) {
                if (name.equals(a.path("labels").path("alertname").asString())) {
                    return a.path("state").asString();
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no alert " + name + ": " + prometheus.api("/api/v1/alerts"));
    }

    private static void ok(Command.Result r) {
        assertEquals(0, r.exitCode(), r.output());
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (exporter != null) {
            exporter.interrupt();
            exporter.join(10_000);
        }
        System.clearProperty(PodExec.PROPERTY);
        LocalPodExec.PODS.remove("postgres-0");
        if (source != null) {
            source.close();
        }
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
