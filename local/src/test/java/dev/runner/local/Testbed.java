package dev.runner.local;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Shared helpers of the local-cluster tests. */
public final class Testbed {
    private Testbed() {}

    /** Skips when postgres is not installed — except in CI (CI=true), where a missing postgres fails the test. */
    public static void requirePostgres() {
        boolean present;
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            present = versions.anyMatch(v -> Files.isExecutable(v.resolve("bin/postgres")));
        } catch (IOException e) {
            present = false;
        }
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("PostgreSQL is not installed (CI=true: scripts/install-deps.sh test installs it)");
        }
        assumeTrue(present, "PostgreSQL not installed");
    }

    /** Skips without pgBackRest — except in CI (CI=true), where it fails. */
    public static void requirePgbackrest() {
        boolean present = java.util.stream.Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "pgbackrest")));
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("pgBackRest is not installed (CI=true: scripts/install-deps.sh test installs it)");
        }
        assumeTrue(present, "pgBackRest not installed");
    }

    /** The archiver image's entrypoint, k8s/image/runner-pg.sh of this checkout. */
    public static Path entrypoint() {
        Path p = ImageScript.locate();
        assertTrue(Files.isRegularFile(p), "missing " + p);
        return p;
    }

    public static Path tempDir(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    public static Deployment postgresDeployment(String ns) {
        return new DeploymentBuilder().withNewMetadata().withName("postgres").withNamespace(ns)
                .addToLabels("app", "postgres").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "postgres").endSelector()
                .withNewStrategy().withType("Recreate").endStrategy()
                .withNewTemplate().withNewMetadata().addToLabels("app", "postgres").endMetadata().withNewSpec()
                .addNewContainer().withName("postgres").withImage("postgres:15")
                .addNewEnv().withName("POSTGRES_USER").withNewValueFrom()
                .withNewSecretKeyRef("postgres.user", "postgres", false).endValueFrom().endEnv()
                .addNewEnv().withName("POSTGRES_PASSWORD").withNewValueFrom()
                .withNewSecretKeyRef("postgres.password", "postgres", false).endValueFrom().endEnv()
                .addNewVolumeMount().withName("data").withMountPath("/var/lib/postgresql/data").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("data").withNewHostPath().withPath("/var/lib/postgresql/data")
                .endHostPath().endVolume()
                .endSpec().endTemplate().endSpec().build();
    }

    public static void postgresSecret(KubernetesClient c, String ns) {
        c.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("postgres")
                .withNamespace(ns).endMetadata().withData(Map.of("postgres.user", b64("admin"),
                        "postgres.password", b64("s3cret"))).build()).create();
    }

    public static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Polls until {@code value} is non-null (and not false), or fails after {@code timeout}. */
    public static <T> T await(Duration timeout, String what, Supplier<T> value) {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            T v = value.get();
            if (v != null && !Boolean.FALSE.equals(v)) {
                return v;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail("timed out after " + timeout + " waiting for " + what);
        return null;
    }

    /** The single Ready pod matching {@code app=<app>}, once it is Ready. */
    public static Pod readyPod(KubernetesClient c, String ns, String app, Duration timeout) {
        return await(timeout, app + " pod Ready", () -> c.pods().inNamespace(ns).withLabel("app", app).list()
                .getItems().stream().filter(Testbed::isReady).findFirst().orElse(null));
    }

    /**
     * Runs a Job made from a CronJob, as {@code kubectl create job NAME --from=cronjob/CRONJOB} does, and waits until
     * it has finished (condition Complete or Failed True); returns the Job.
     */
    public static io.fabric8.kubernetes.api.model.batch.v1.Job jobFromCronJob(Path kubeconfig, KubernetesClient c,
            String ns, String cronJob, String name, Duration timeout) throws Exception {
        kubectl(kubeconfig, "-n", ns, "create", "job", "--from=cronjob/" + cronJob, name);
        return jobFinished(c, ns, name, timeout);
    }

    /** The Job once its Complete or Failed condition is True. */
    public static io.fabric8.kubernetes.api.model.batch.v1.Job jobFinished(KubernetesClient c, String ns, String name,
                                                                           Duration timeout) {
        return await(timeout, "job " + name + " finished", () -> {
            var j = c.batch().v1().jobs().inNamespace(ns).withName(name).get();
            return j != null && j.getStatus() != null && j.getStatus().getConditions() != null
                    && j.getStatus().getConditions().stream().anyMatch(x -> (x.getType().equals("Complete")
                            || x.getType().equals("Failed")) && x.getStatus().equals("True")) ? j : null;
        });
    }

    /** k8s/backup-cronjob.yaml with its variables filled in as configure-backup's defaults would. */
    public static String backupCronJobManifest(String ns, String kubectlImage) throws IOException {
        return Files.readString(ImageScript.home().resolve("k8s/backup-cronjob.yaml"))
                .replace("${vars.namespace}", ns).replace("${vars.name}", "postgres-backup")
                .replace("${vars.deployment}", "postgres").replace("${vars.container}", "postgres")
                .replace("${vars.schedule}", "0 */6 * * *").replace("${vars.backupType}", "full")
                .replace("${vars.kubectlImage}", kubectlImage).replace("${vars.cpuRequest}", "10m")
                .replace("${vars.memoryRequest}", "32Mi").replace("${vars.memoryLimit}", "128Mi");
    }

    public static boolean isReady(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions()
                .stream().anyMatch(x -> x.getType().equals("Ready") && x.getStatus().equals("True"));
    }

    public record ExecResult(int exitCode, String stdout, String stderr) {}

    /** Runs a command through the real pods/exec websocket API of the fabric8 client. */
    public static ExecResult exec(KubernetesClient c, String ns, String pod, String... command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch w = c.pods().inNamespace(ns).withName(pod).writingOutput(out).writingError(err)
                .exec(command)) {
            int code = w.exitCode().get(60, TimeUnit.SECONDS);
            return new ExecResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    public static ExecResult psql(KubernetesClient c, String ns, String pod, String sql) throws Exception {
        return exec(c, ns, pod, "psql", "-U", "admin", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-tAc", sql);
    }

    /** Runs kubectl against the given kubeconfig; returns stdout, fails on a non-zero exit. */
    public static String kubectl(Path kubeconfig, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "kubectl hung");
        assertTrue(p.exitValue() == 0, "kubectl " + String.join(" ", args) + " failed:\n" + out);
        return out;
    }
}
