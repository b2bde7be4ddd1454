package dev.runner.local.demo;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** What the demo does in pods: wait for Ready, run psql through pods/exec. */
final class Pods {
    private Pods() {}

    static Pod ready(KubernetesClient c, String app, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            Pod p = c.pods().inNamespace(StartingState.NS).withLabel("app", app).list().getItems().stream()
                    .filter(Pods::isReady).findFirst().orElse(null);
            if (p != null) {
                return p;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no Ready " + app + " pod after " + timeout.toSeconds() + "s");
    }

    static boolean isReady(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions()
                .stream().anyMatch(x -> "Ready".equals(x.getType()) && "True".equals(x.getStatus()));
    }

    /** Runs one SQL statement as the database superuser in the Ready postgres pod and returns psql's unaligned output. */
    static String psql(KubernetesClient c, String sql) throws Exception {
        Pod pod = ready(c, "postgres", Duration.ofMinutes(2));
        return exec(c, pod.getMetadata().getName(), "psql", "-X", "-U", StartingState.PG_USER, "-d", "postgres",
                "-v", "ON_ERROR_STOP=1", "-tAc", sql).trim();
    }

    static String exec(KubernetesClient c, String pod, String... command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch w = c.pods().inNamespace(StartingState.NS).withName(pod).writingOutput(out)
                .writingError(err).exec(command)) {
            int code = w.exitCode().get(5, TimeUnit.MINUTES);
            if (code != 0) {
                throw new IllegalStateException(String.join(" ", command).replaceAll("-tAc .*", "-tAc …")
                        + " failed (exit " + code + "): " + err.toString(StandardCharsets.UTF_8).trim());
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
