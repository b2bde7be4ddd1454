package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code runner backups --targets} (#20 item 5): every target's backup health in one table or one JSON document. */
class FleetBackupsCommandTest extends BackupsFixture {
    private Path targets() throws Exception {
        cluster.client.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("postgres-1")
                .withLabels(Map.of("app", "postgres")).endMetadata().withNewSpec().addNewContainer().withName("postgres")
                .endContainer().endSpec().withNewStatus().withPhase("Running").endStatus().build()).create();
        Path t = dir.resolve("targets.yaml");
        Files.writeString(t, """
                apiVersion: runner/v1
                kind: Targets
                targets:
                  - {name: hasura, namespace: hasura}
                  - {name: shop, context: prod, namespace: shop}
                  - {name: gone, namespace: nothing-here}
                """);
        return t;
    }

    @Test
    void oneTableForTheFleetAndExit1WhenATargetIsNotHealthy() throws Exception {
        Path t = targets();
        assertEquals(1, run("--targets", t.toString()), err + out);
        String[] lines = out.split("\n");
        assertTrue(lines[0].matches("TARGET +WHERE +HEALTH +BACKUPS +LATEST BACKUP \\(UTC\\) +RECOVERABLE TO \\(UTC\\) +LAST WAL AGE +PROBLEMS"), out);
        assertTrue(lines[1].matches("hasura +hasura +healthy +2 +2026-11-25 16:38:4\\d\\+00 +.*"), out);
        assertTrue(lines[2].matches("shop +prod/shop +healthy +2 .*"), out);
        assertTrue(lines[3].matches("gone +nothing-here +unknown +.*no pod matching app=postgres.*"), out);
        assertTrue(out.endsWith("1 of 3 unhealthy or unknown\n"), out);
        assertTrue(ScriptedPodExec.calls.stream().anyMatch(c -> c.startsWith("shop/postgres-1/postgres: ")),
                ScriptedPodExec.calls.toString());
    }

    @Test
    void oneJsonDocumentWithEveryTargetsInventory() throws Exception {
        Path t = targets();
        assertEquals(1, run("--targets", t.toString(), "-o", "json"), err);
        JsonNode j = JsonMapper.builder().build().readTree(out);
        assertEquals(false, j.path("healthy").asBoolean());
        assertEquals(3, j.path("targets").size());
        assertEquals("shop", j.path("targets").get(1).path("namespace").asString());
        assertEquals(true, j.path("targets").get(1).path("healthy").asBoolean());
        assertEquals(2, j.path("targets").get(1).path("inventory").path("backups").size());
        assertTrue(j.path("targets").get(2).path("error").asString().contains("no pod matching"), j.toString());
    }

    @Test
    void aBadTargetsFileIsExit2WithItsPosition() throws Exception {
        Path t = dir.resolve("bad.yaml");
        Files.writeString(t, "apiVersion: runner/v1\nkind: Targets\ntargets:\n  - {name: a}\n");
        assertEquals(2, run("--targets", t.toString()), err);
        assertTrue(err.contains(t + ":4:5: "), err);
    }
}
