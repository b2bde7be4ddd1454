package dev.runner.local.incluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.cli.Main;
import dev.runner.local.ImageScript;
import dev.runner.local.LocalCluster;
import dev.runner.local.LocalEnvironment;
import dev.runner.local.Testbed;
import dev.runner.local.kubelet.LocalImages;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #20 item 4 on the local cluster: {@code runner run --in-cluster --state cluster} runs a workflow as a
 * Job; while its pod holds the workflow's Lease a second run of it from the laptop is refused (exit 4) naming the
 * pod; the runner container is killed with SIGKILL in the middle of a step (the Job has backoffLimit 0, so nothing
 * retries it); once the dead holder's Lease has expired, {@code runner resume --state cluster --workflow FILE} from
 * the laptop continues from the checkpoint kept in the API server: the non-idempotent steps before the kill
 * acted exactly once (the stamp is the pod's, the marker ConfigMap was never written again), the interrupted step
 * and the rest run, and {@code runner status --state cluster} shows the run succeeded. Needs root and podman.
 */
class InClusterCrashDrillTest {
    private static final String NS = "drill";

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aKilledInClusterRunIsResumedFromTheLaptopWithItsEffectsOnce() throws Exception {
        Path dir = Testbed.tempDir("local-incluster-drill");
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(manifests.resolve("marker.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: "${vars.name}"}
                data: {stamp: "${vars.stamp}"}
                """);
        Path wf = dir.resolve("drill.yaml");
        Files.writeString(wf, """
                apiVersion: runner/v1
                kind: Workflow
                name: drill
                steps:
                  - id: stamp
                    type: shell
                    with: {run: 'echo "$(hostname) $(cat /proc/sys/kernel/random/uuid)"'}
                  - id: marker
                    type: apply
                    needs: [stamp]
                    with: {file: manifests/marker.yaml, vars: {name: marker, stamp: "${steps.stamp.outputs.stdout}"}}
                  - id: slow
                    type: shell
                    needs: [marker]
                    idempotent: true
                    with: {run: "echo slow-start; sleep 30; echo slow-done"}
                  - id: after
                    type: apply
                    needs: [slow]
                    with: {file: manifests/marker.yaml, vars: {name: after, stamp: "${steps.stamp.outputs.stdout}"}}
                """);
        LocalImages.runner(ImageScript.home()); // the test's own packaged CLI as image runner:test, built once
        try (LocalEnvironment env = LocalEnvironment.start(dir.resolve("clusters"), ImageScript.locate(), true,
                List.of("ic"))) {
            LocalCluster cluster = env.cluster("ic");
            KubernetesClient admin = cluster.client();
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                    .create();
            List<String> laptop = List.of("--state", "cluster", "--kubeconfig", env.kubeconfig().toString(),
                    "--context", "ic", "-n", NS);
            long t0 = System.nanoTime();
            CompletableFuture<Result> following = CompletableFuture.supplyAsync(() -> cli("run", wf.toString(),
                    "--in-cluster", "-n", NS, "--kubeconfig", env.kubeconfig().toString(), "--image", "runner:test"));

            Pod pod = Testbed.await(Duration.ofMinutes(2), "the in-cluster run's step 'slow' to start", () -> {
                List<Pod> pods = admin.pods().inNamespace(NS).list().getItems();
                if (pods.isEmpty()) {
                    return null;
                }
                Pod p = pods.get(0);
                return podLog(admin, p).contains("slow-start") ? p : null;
            });
            String podName = pod.getMetadata().getName();
            System.out.printf("step 'slow' started in pod %s after %.1f s%n", podName, (System.nanoTime() - t0) / 1e9);
            ConfigMap marker = admin.configMaps().inNamespace(NS).withName("marker").get();
            assertNotNull(marker, "step 'marker' ran before the kill");
            assertTrue(marker.getData().get("stamp").startsWith(podName + " "), marker.getData().toString());

            Lease held = Testbed.await(Duration.ofSeconds(15), "the pod to renew the workflow's Lease", () -> {
                Lease l = admin.resources(Lease.class).inNamespace(NS).list().getItems().get(0);
                return l.getSpec().getRenewTime().isAfter(l.getSpec().getAcquireTime()) ? l : null;
            });
            assertTrue(held.getSpec().getHolderIdentity().contains("_" + podName + "_"),
                    held.getSpec().getHolderIdentity());

            Result second = cli(concat(List.of("run", wf.toString()), laptop));
            assertEquals(4, second.exit, second.text);
            assertTrue(second.text.contains("on " + podName + ","), "the refusal names the pod: " + second.text);
            assertTrue(second.text.contains("(Lease " + NS + "/runner-lock-drill-"), second.text);

            long pid = cluster.kubelet().containerMainPid(NS, podName, "runner");
            assertTrue(pid > 0, "the runner runs in a container");
            assertEquals(0, new ProcessBuilder("kill", "-KILL", String.valueOf(pid)).start().waitFor());
            Result followed = following.get(2, TimeUnit.MINUTES);
            assertEquals(3, followed.exit, "interrupted, resumable: " + followed.text);
            assertTrue(followed.text.contains("runner: the run's container in pod " + podName
                    + " ended before the run did (exit code 137, signal 9"), followed.text);
            assertTrue(followed.text.contains("runner resume --state cluster -n " + NS + " --workflow FILE"),
                    followed.text);
            System.out.printf("killed at %.1f s%n", (System.nanoTime() - t0) / 1e9);

            Lease lease = admin.resources(Lease.class).inNamespace(NS).list().getItems().get(0);
            String holder = lease.getSpec().getHolderIdentity();
            assertTrue(holder.contains("_" + podName + "_"), "the dead pod still holds the Lease: " + holder);
            String runId = holder.substring(0, holder.indexOf('_'));
            Instant expires = lease.getSpec().getRenewTime().toInstant()
                    .plusSeconds(lease.getSpec().getLeaseDurationSeconds());
            Testbed.await(Duration.ofSeconds(30), "the dead pod's Lease to expire",
                    () -> Instant.now().isAfter(expires.plusMillis(200)));

            Result resumed = cli(concat(List.of("resume", "--workflow", wf.toString()), laptop));
            assertEquals(0, resumed.exit, resumed.text);
            assertTrue(resumed.text.contains("resuming run " + runId), resumed.text);
            assertTrue(resumed.text.contains("taking over the expired Lease " + NS + "/runner-lock-drill-"),
                    resumed.text);
            System.out.printf("resumed and done at %.1f s%n", (System.nanoTime() - t0) / 1e9);

            ConfigMap markerAfter = admin.configMaps().inNamespace(NS).withName("marker").get();
            assertEquals(marker.getMetadata().getResourceVersion(), markerAfter.getMetadata().getResourceVersion(),
                    "step 'marker' did not act again");
            ConfigMap after = admin.configMaps().inNamespace(NS).withName("after").get();
            assertNotNull(after, "the steps after the kill ran");
            assertEquals(marker.getData().get("stamp"), after.getData().get("stamp"),
                    "step 'stamp' ran once: its output came from the checkpoint");

            Result status = cli(concat(List.of("status", runId), laptop));
            assertEquals(0, status.exit, status.text);
            assertTrue(status.text.contains("(succeeded)"), status.text);
        }
    }

    private static String podLog(KubernetesClient c, Pod p) {
        try {
            String log = c.pods().inNamespace(NS).withName(p.getMetadata().getName()).getLog();
            return log == null ? "" : log;
        } catch (RuntimeException e) {
            return ""; // not started yet
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    record Result(int exit, String text) {
    }

    private static Result cli(List<String> args) {
        return cli(args.toArray(String[]::new));
    }

    private static Result cli(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Map<String, String> env = new HashMap<>(System.getenv());
        int code = Main.run(args, out, out, env);
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.println("$ runner " + String.join(" ", args) + "\n" + text);
        return new Result(code, text);
    }
}
