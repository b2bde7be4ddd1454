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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code runner backups} end to end through Main against the mock API server; pod answers from a real run. */
class BackupsCommandTest {
    @TempDir
    Path dir;
    MockCluster cluster;
    String kubeconfig;
    String archiver;
    String out;
    String err;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new MockCluster("prod");
        kubeconfig = MockCluster.kubeconfig(dir, "default", cluster).toString();
        cluster.client.pods().inNamespace("hasura").resource(new PodBuilder().withNewMetadata().withName("postgres-7d9")
                .withLabels(Map.of("app", "postgres")).endMetadata().withNewSpec().addNewContainer().withName("postgres")
                .endContainer().endSpec().withNewStatus().withPhase("Running").endStatus().build()).create();
        String info = PgStepsTest.resource("info-full-incr.json");
        archiver = archiver(Instant.now().minus(2, ChronoUnit.MINUTES), null);
        ScriptedPodExec.install(cmd -> String.join(" ", cmd).startsWith("runner-pg.sh info")
                ? new ExecResult(0, info, "")
                : new ExecResult(0, PgStepsTest.SYSID + " " + archiver + "\n", ""));
    }

    @AfterEach
    void tearDown() {
        ScriptedPodExec.uninstall();
        cluster.close();
    }

    static String archiver(Instant lastArchived, Instant lastFailed) {
        return "{\"archived_count\":8,\"last_archived_wal\":\"000000010000000000000006\",\"last_archived_time\":\""
                + lastArchived + "\",\"failed_count\":" + (lastFailed == null ? 0 : 3) + ",\"last_failed_wal\":"
                + (lastFailed == null ? "null" : "\"000000010000000000000007\"") + ",\"last_failed_time\":"
                + (lastFailed == null ? "null" : "\"" + lastFailed + "\"") + ",\"stats_reset\":\"2026-11-25T16:38:27Z\"}";
    }

    int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("backups", "--kubeconfig", kubeconfig));
        all.addAll(List.of(args));
        int code = Main.run(all.toArray(String[]::new), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), Map.of());
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    @Test
    void healthyInventoryAsATable() {
        assertEquals(0, run(), err + out);
        assertTrue(out.contains("20261125-163837F_20261125-163842I    incr  2026-11-25 16:38:42+00"), out);
        assertTrue(out.contains("recoverable window: 2026-11-25 16:38:41+00"), out);
        assertTrue(out.contains("(last archived WAL 000000010000000000000006)"), out);
        assertTrue(out.contains("archiving: 8 archived, 0 failed"), out);
        assertTrue(out.endsWith("healthy\n"), out);
        assertTrue(ScriptedPodExec.calls.get(0).startsWith("hasura/postgres-7d9/postgres: "), "default namespace hasura");
    }

    @Test
    void failingArchivingIsExitOneAndJson() {
        archiver = archiver(Instant.now().minus(20, ChronoUnit.MINUTES), Instant.now().minus(1, ChronoUnit.MINUTES));
        assertEquals(1, run("-o", "json"), err);
        JsonNode j = JsonMapper.builder().build().readTree(out);
        assertEquals(false, j.path("healthy").asBoolean());
        assertEquals(true, j.path("archiving").path("failing").asBoolean());
        assertEquals(2, j.path("backups").size());
        assertEquals("0/7000000", j.path("window").path("endLsn").asString());
        assertTrue(j.path("problems").get(0).asString().startsWith("archiving is failing: WAL 000000010000000000000007"),
                j.toString());
        assertTrue(j.path("problems").get(1).asString().contains("older than the allowed 15m"), j.toString());
    }

    @Test
    void staleArchiveAndOldBackupsAgainstThresholds() {
        assertEquals(1, run("--max-archive-age", "1m"));
        assertTrue(out.contains("UNHEALTHY:\n  - the last archived WAL (000000010000000000000006) is 2m"), out);
        assertEquals(1, run("--max-backup-age", "1m"));
        assertTrue(out.contains("the latest backup (20261125-163837F_20261125-163842I) is"), out);
        assertEquals(2, run("--max-archive-age", "soon"));
        assertTrue(err.contains("--max-archive-age: 'soon' is not a duration"), err);
    }

    @Test
    void noPodIsAClearFailure() {
        assertEquals(1, run("-n", "other"));
        assertTrue(err.contains("no pod matching app=postgres in prod/other"), err);
    }
}
