package dev.runner.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.cli.Main;
import dev.runner.local.Testbed;
import dev.runner.local.demo.Demo;
import dev.runner.local.demo.WorkflowRunner;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The four workflows end to end through the real CLI, on the local clusters: the demo scenario
 * (configure-backup on old, point-in-time recovery on new, post-recovery across contexts, stop-backup), with the
 * recovery run as a separate {@code runner} process that is killed with SIGKILL once the restore has been patched
 * in, then finished with {@code runner resume}. The demo checks every outcome itself (rows exactly as of the
 * target, passwords copied, apps restarted, template restored, archiving off) and fails when one is wrong.
 */
class DemoE2eTest {
    @Test
    void allFourWorkflowsWithRecoveryKilledAndResumed() throws Exception {
        Testbed.requirePostgres();
        Testbed.requirePgbackrest();
        Path dir = Testbed.tempDir("local-demo-e2e");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        AtomicInteger killedWith = new AtomicInteger(-1);
        List<String> podFacts = new ArrayList<>();
        WorkflowRunner runner = (args, env) -> {
            String workflow = Path.of(args.get(1)).getFileName().toString();
            if (workflow.equals("recovery.yaml")) {
                return killThenResume(args, env, dir, out, killedWith);
            }
            int code = Main.run(args.toArray(String[]::new), out, out, env);
            if (workflow.equals("configure-backup.yaml") && code == 0) {
                podFacts.addAll(archiverPodFacts(Path.of(args.get(args.indexOf("--kubeconfig") + 1))));
            }
            return code;
        };
        int code;
        try {
            code = new Demo(new Demo.Options(dir.resolve("demo"), false, false), out, runner).run();
        } finally {
            System.out.println(bytes.toString(StandardCharsets.UTF_8));
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(137, killedWith.get(), "the recovery process was killed with SIGKILL mid-run");
        assertEquals(0, code, text);
        assertTrue(text.contains("checks: all passed"), text);
        assertTrue(!text.contains("old-pg-") && !text.contains("old-admin-"), "no password printed");
        assertEquals(List.of("postgres", "999", "999", "999 700", "Complete"), podFacts.subList(0, 5));
        assertTrue(podFacts.get(5).contains("backup"), "the scheduled job's log: " + podFacts.get(5));
        assertEquals("65532 kubectl", podFacts.get(6));
    }

    /**
     * What a real cluster would show of configure-backup's result, asked with the real kubectl: PID 1 of the
     * archiver container is the server its entrypoint exec'd (not the host's init), running as the image's postgres
     * uid (999, as the official image; an exec runs as the image's USER, root), PGDATA owned by it with mode 0700;
     * and a Job made from the backup CronJob runs `kubectl exec` from the kubectl image (as uid 65532, with the
     * credentials the cluster gives its pods) and completes a backup.
     */
    private static List<String> archiverPodFacts(Path kubeconfig) {
        try {
            String[] ctx = {"--context", "old", "-n", "hasura"};
            List<String> facts = new ArrayList<>();
            String cmdline = kubectl(kubeconfig, ctx, "exec", "deploy/postgres", "-c", "postgres", "--", "cat",
                    "/proc/1/cmdline");
            facts.add(cmdline.split("\\u0000")[0]);
            facts.add(kubectl(kubeconfig, ctx, "exec", "deploy/postgres", "--", "stat", "-c", "%u", "/proc/1").trim());
            facts.add(kubectl(kubeconfig, ctx, "exec", "deploy/postgres", "--", "id", "-u", "postgres").trim());
            facts.add(kubectl(kubeconfig, ctx, "exec", "deploy/postgres", "--", "sh", "-c",
                    "stat -c '%u %a' \"$PGDATA\"").trim());
            kubectl(kubeconfig, ctx, "create", "job", "scheduled-now", "--from=cronjob/postgres-backup");
            facts.add(Testbed.await(Duration.ofMinutes(3), "scheduled backup job finished", () -> {
                try {
                    String conditions = kubectl(kubeconfig, ctx, "get", "job", "scheduled-now", "-o",
                            "jsonpath={.status.conditions[?(@.status==\"True\")].type}");
                    return conditions.contains("Complete") ? "Complete" : conditions.contains("Failed") ? "Failed"
                            : null;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
            facts.add(kubectl(kubeconfig, ctx, "logs", "job/scheduled-now"));
            String pod = kubectl(kubeconfig, ctx, "get", "pods", "-l", "job-name=scheduled-now", "-o",
                    "jsonpath={.items[0].metadata.name}").trim();
            String imageId = kubectl(kubeconfig, ctx, "get", "pod", pod, "-o",
                    "jsonpath={.status.containerStatuses[0].imageID}");
            facts.add(kubectl(kubeconfig, ctx, "get", "pod", pod, "-o",
                    "jsonpath={.spec.securityContext.runAsUser}").trim() + " "
                    + (imageId.contains("/kubectl:") ? "kubectl" : imageId));
            return facts;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String kubectl(Path kubeconfig, String[] ctx, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(ctx));
        all.addAll(List.of(args));
        return Testbed.kubectl(kubeconfig, all.toArray(String[]::new));
    }

    /** Runs recovery as its own process, SIGKILLs it once the restore is patched in, then resumes in-process. */
    private static int killThenResume(List<String> args, Map<String, String> env, Path dir, PrintStream out,
                                      AtomicInteger killedWith) {
        try {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), "dev.runner.cli.Main"));
            cmd.addAll(args);
            Path log = dir.resolve("recovery-killed.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            String kubeconfig = args.get(args.indexOf("--kubeconfig") + 1);
            try (KubernetesClient fresh = new KubernetesClientBuilder().withConfig(
                    Config.fromKubeconfig("new", Files.readString(Path.of(kubeconfig)), kubeconfig)).build()) {
                Testbed.await(Duration.ofMinutes(3), "restore patched into new's postgres Deployment", () ->
                        !p.isAlive() || !fresh.apps().deployments().inNamespace("hasura").withName("postgres").get()
                                .getSpec().getTemplate().getSpec().getInitContainers().isEmpty());
            }
            p.destroyForcibly(); // SIGKILL
            p.waitFor(30, TimeUnit.SECONDS);
            killedWith.set(p.exitValue());
            out.println(Files.readString(log));
            out.println("    (recovery process killed with SIGKILL; resuming)");
            return Main.run(new String[] {"resume", "--kubeconfig", kubeconfig, "--context", "new"}, out, out, env);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
