package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.k8s.TestKubeconfig;
import dev.runner.state.StateBackend;
import dev.runner.state.StateBackendProvider;
import dev.runner.state.TargetLock;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** run / runs / status / resume with {@code --state cluster}: the run's state and lock live in the API server. */
class ClusterStateCliTest {
    private static final String NS = "db";
    final Cli cli = new Cli();
    KubernetesMockServer server;
    NamespacedKubernetesClient client;

    @TempDir
    Path tmp;
    Path kubeconfig;

    @BeforeEach
    void start() {
        var responses = new HashMap<io.fabric8.mockwebserver.ServerRequest,
                java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = server.createClient();
        kubeconfig = TestKubeconfig.write(tmp, NS, Map.of("mock", "http://" + server.getHostName() + ":"
                + server.getPort()));
        cli.env.put("RUNNER_STATE_DIR", tmp.resolve("local-state").toString()); // must stay unused
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    private Path workflow() throws IOException {
        Path wf = tmp.resolve("wf.yaml");
        Files.writeString(wf, """
                apiVersion: runner/v1
                kind: Workflow
                name: gated
                steps:
                  - id: first
                    type: shell
                    with: {run: "echo first >> %1$s/effects.log; echo ok"}
                  - id: gate
                    type: shell
                    needs: [first]
                    with: {run: "test -f %1$s/open || exit 7; echo gate >> %1$s/effects.log"}
                """.formatted(tmp));
        return wf;
    }

    private int runner(String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--state", "cluster", "--kubeconfig", kubeconfig.toString()))
                .toArray(String[]::new);
        return cli.run(all);
    }

    @Test
    void aRunFailsIsListedAndResumesFromTheApiServerAlone() throws IOException {
        Path wf = workflow();
        assertEquals(1, runner("run", wf.toString()), cli.err);
        assertEquals(0, runner("runs"), cli.err);
        assertTrue(cli.out.contains(" gated ") && cli.out.contains(" failed "), cli.out);

        List<ConfigMap> objects = client.configMaps().inNamespace(NS).withLabel("app.kubernetes.io/managed-by", "runner")
                .list().getItems();
        assertEquals(1, objects.size());
        Map<String, String> labels = objects.get(0).getMetadata().getLabels();
        String runId = labels.get("runner.dev/run-id");
        assertEquals("gated", labels.get("runner.dev/workflow"));
        assertEquals(NS, labels.get("runner.dev/target"));
        Lease lease = client.resources(Lease.class).inNamespace(NS).list().getItems().get(0);
        assertNull(lease.getSpec().getHolderIdentity(), "released when the run ended");

        Files.writeString(tmp.resolve("open"), "");
        assertEquals(0, runner("resume"), cli.err);
        assertTrue(cli.out.contains("resuming run " + runId), cli.out);
        assertEquals(List.of("first", "gate"), Files.readAllLines(tmp.resolve("effects.log")));

        assertEquals(0, runner("status", runId, "--output", "json"), cli.err);
        assertEquals("succeeded", JsonMapper.builder().build().readTree(cli.out).get("state").asString());
        assertFalse(Files.exists(tmp.resolve("local-state")), "nothing kept on this machine");
    }

    /** Resumed on another machine, the same workflow lies elsewhere: it is compared by content, not path. */
    @Test
    void aRunIsResumedWithTheWorkflowFromAnotherPlace() throws IOException {
        Path wf = workflow();
        assertEquals(1, runner("run", wf.toString()), cli.err);
        Path elsewhere = Files.createDirectories(tmp.resolve("checkout-elsewhere")).resolve("wf.yaml");
        Files.move(wf, elsewhere);
        Files.writeString(tmp.resolve("open"), "");
        assertEquals(2, runner("resume"));
        assertTrue(cli.err.contains("which is not on this machine: give --workflow FILE"), cli.err);
        assertEquals(0, runner("resume", "--workflow", elsewhere.toString()), cli.err);
        assertEquals(List.of("first", "gate"), Files.readAllLines(tmp.resolve("effects.log")));
        String runId = client.configMaps().inNamespace(NS).withLabel("runner.dev/part", "journal").list().getItems()
                .get(0).getMetadata().getLabels().get("runner.dev/run-id");

        Files.writeString(elsewhere, Files.readString(elsewhere).replace("name: gated", "name: gated2"));
        assertEquals(2, runner("resume", runId, "--workflow", elsewhere.toString(), "--from", "gate"));
        assertTrue(cli.err.contains("different workflow file(s)"), cli.err);
    }

    @Test
    void aSecondRunOnTheTargetIsRefusedWithTheLeaseHolder() throws Exception {
        Path wf = workflow();
        Map<String, String> settings = Map.of("kubeconfig", kubeconfig.toString());
        try (StateBackend other = StateBackendProvider.named("cluster").orElseThrow().open(settings, Map.of());
             TargetLock held = other.lockTarget(wf, "gated", settings, "holder-run", w -> { })) {
            assertEquals(4, runner("run", wf.toString()));
            assertTrue(cli.err.startsWith("runner: locked by run holder-run (pid " + ProcessHandle.current().pid()),
                    cli.err);
            assertTrue(cli.err.contains("(Lease " + NS + "/runner-lock-gated-"), cli.err);
        }
        assertFalse(Files.exists(tmp.resolve("effects.log")), "nothing ran");
    }

    @Test
    void aStateDirWithClusterStateIsAUsageError() throws IOException {
        assertEquals(2, runner("runs", "--state-dir", tmp.toString()));
        assertTrue(cli.err.contains("--state-dir is for --state local"), cli.err);
        cli.assertNoStackTrace();
        Path targets = Files.writeString(tmp.resolve("targets.yaml"), "apiVersion: runner/v1\nkind: Targets\n"
                + "targets:\n  - {name: a, namespace: a}\n");
        assertEquals(2, runner("run", workflow().toString(), "--targets", targets.toString()));
        assertTrue(cli.err.contains("--targets keeps its runs in the state directory"), cli.err);
    }
}
