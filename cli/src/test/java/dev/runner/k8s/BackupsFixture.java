package dev.runner.k8s;

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
import org.junit.jupiter.api.io.TempDir;

/** The mock cluster {@code runner backups} runs against: a postgres pod whose answers come from a real run. */
abstract class BackupsFixture {
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
}
