package dev.runner.local.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.cli.Main;
import dev.runner.local.ImageScript;
import dev.runner.local.LocalEnvironment;
import dev.runner.local.Testbed;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #20 item 3 on the local cluster: a run whose state and lock are in the API server ({@code --state
 * cluster}) is killed with SIGKILL in the middle of a step; a second run is refused with the Lease's holder until
 * the Lease expires; then {@code runner resume --state cluster} — with no state directory anywhere — continues
 * from the checkpoint, and the non-idempotent step that had finished before the kill has acted exactly once.
 */
class ClusterStateCrashTest {
    private static final String NS = "drill";

    @Test
    @Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aKilledRunResumesFromTheApiServerWithItsEffectOnce() throws Exception {
        Path dir = Testbed.tempDir("local-cluster-state");
        Path effects = dir.resolve("effects.log");
        Path wf = dir.resolve("drill.yaml");
        Files.writeString(wf, """
                apiVersion: runner/v1
                kind: Workflow
                name: drill
                steps:
                  - id: effect
                    type: shell
                    with: {run: "echo effect >> %1$s"}
                  - id: slow
                    type: shell
                    needs: [effect]
                    idempotent: true
                    with: {run: "echo slow-start >> %1$s; sleep 30; echo slow-done >> %1$s"}
                  - id: after
                    type: shell
                    needs: [slow]
                    with: {run: "echo after >> %1$s"}
                """.formatted(effects));
        try (LocalEnvironment env = LocalEnvironment.start(dir.resolve("clusters"), ImageScript.locate(), true,
                List.of("prod"))) {
            KubernetesClient prod = env.cluster("prod").client();
            prod.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                    .create();
            Path work = Files.createDirectories(dir.resolve("laptop")); // where the runner is started: stays empty
            List<String> cluster = List.of("--state", "cluster", "--kubeconfig", env.kubeconfig().toString(),
                    "--context", "prod", "-n", NS);

            Process first = runner(work, dir.resolve("first.log"), concat(List.of("run", wf.toString()), cluster));
            Testbed.await(Duration.ofMinutes(2), "the slow step to start", () -> lines(effects).contains("slow-start"));
            first.destroyForcibly(); // SIGKILL in the middle of step 'slow'
            assertEquals(137, first.waitFor());

            String objects = kubectl(env, "-n", NS, "get", "configmaps,leases", "-l",
                    "app.kubernetes.io/managed-by=runner,runner.dev/workflow=drill", "-o", "name");
            assertTrue(objects.contains("configmap/runner-") && objects.contains("-j000001"), objects);
            assertTrue(objects.contains("lease.coordination.k8s.io/runner-lock-drill-"), objects);
            Lease lease = prod.resources(Lease.class).inNamespace(NS).list().getItems().get(0);
            String holder = lease.getSpec().getHolderIdentity();
            String runId = holder.substring(0, holder.indexOf('_'));
            assertEquals(runId, prod.configMaps().inNamespace(NS).withLabel("runner.dev/part", "journal").list()
                    .getItems().get(0).getMetadata().getLabels().get("runner.dev/run-id"));

            Result refused = cli(work, concat(List.of("resume"), cluster));
            Instant expires = lease.getSpec().getRenewTime().toInstant()
                    .plusSeconds(lease.getSpec().getLeaseDurationSeconds());
            if (Instant.now().isBefore(expires.minusSeconds(1))) { // the dead run's Lease has not expired yet
                assertEquals(4, refused.exit, refused.text);
                assertTrue(refused.text.startsWith("runner: locked by run " + runId + " (pid " + first.pid()), refused.text);
                assertTrue(refused.text.contains("(Lease " + NS + "/runner-lock-drill-"), refused.text);
            }
            Testbed.await(Duration.ofSeconds(30), "the dead run's Lease to expire",
                    () -> Instant.now().isAfter(expires.plusMillis(200)));

            assertEquals(0, cli(work, concat(List.of("runs"), cluster)).exit);
            Result resumed = cli(work, concat(List.of("resume"), cluster)); // a fresh invocation, no state dir
            assertEquals(0, resumed.exit, resumed.text);
            assertTrue(resumed.text.contains("taking over the expired Lease " + NS + "/runner-lock-drill-"),
                    resumed.text);
            assertTrue(resumed.text.contains("resuming run " + runId), resumed.text);
            List<String> done = lines(effects);
            assertEquals(1, Collections.frequency(done, "effect"), "the non-idempotent effect once: " + done);
            assertEquals(2, Collections.frequency(done, "slow-start"), "the killed step ran again: " + done);
            assertEquals(1, Collections.frequency(done, "slow-done"), "the killed attempt did not go on: " + done);
            assertEquals(List.of("slow-done", "after"), done.subList(done.size() - 2, done.size()));

            Result status = cli(work, concat(List.of("status", runId), cluster));
            assertEquals(0, status.exit, status.text);
            assertTrue(status.text.contains("(succeeded)"), status.text);
            assertEquals(null, prod.resources(Lease.class).inNamespace(NS).list().getItems().get(0).getSpec()
                    .getHolderIdentity(), "released");
            try (var left = Files.list(work)) {
                assertFalse(left.findAny().isPresent(), "nothing was kept on the machine");
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    private static List<String> lines(Path f) {
        try {
            return Files.exists(f) ? Files.readAllLines(f) : List.of();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /** The runner as its own JVM (the kill -9 target), started in {@code work}. */
    private static Process runner(Path work, Path log, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.runner.cli.Main"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("RUNNER_STATE_DIR");
        return pb.start();
    }

    record Result(int exit, String text) {
    }

    /** The CLI in-process; a state directory would be the current one's .runner, which must stay unused. */
    private static Result cli(Path work, List<String> args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("RUNNER_STATE_DIR", work.resolve(".runner").toString());
        int code = Main.run(args.toArray(String[]::new), out, out, env);
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.println("$ runner " + String.join(" ", args) + "\n" + text);
        return new Result(code, text);
    }

    private static String kubectl(LocalEnvironment env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", env.kubeconfig().toString(),
                "--context", "prod"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        System.out.println("$ " + String.join(" ", cmd) + "\n" + out);
        return out;
    }
}
