package dev.runner.local.datapath;

import dev.runner.k8s.cluster.ExecResult;
import dev.runner.k8s.cluster.PodExec;
import dev.runner.local.pg.PgNode;
import dev.runner.local.pg.PgTools;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * "Pods" that are local {@link PgNode}s: exec runs the command as the postgres OS user with the node's container
 * environment, the image's entrypoint on PATH and psql pointed at the node's socket. Chosen with
 * -Drunner.k8s.podExec, so the step types use exactly their production code path above the transport.
 */
public final class LocalPodExec implements PodExec {
    static final Map<String, PgNode> PODS = new ConcurrentHashMap<>();
    static volatile PgTools tools;

    @Override
    public ExecResult exec(KubernetesClient client, String namespace, String pod, String container, List<String> command,
            Duration timeout) throws InterruptedException, TimeoutException {
        PgNode node = PODS.get(pod);
        if (node == null) {
            return new ExecResult(1, "", "pod " + pod + " has no local node");
        }
        try {
            Path err = Files.createTempFile("exec-", ".err");
            ProcessBuilder pb = new ProcessBuilder(tools.asPgUser(command)).redirectError(err.toFile());
            pb.environment().clear();
            pb.environment().putAll(node.env());
            pb.environment().put("PATH", tools.script().getParent() + ":" + node.env().get("PATH"));
            pb.environment().put("PGHOST", node.socketDir().toString());
            pb.environment().put("PGPORT", Integer.toString(node.port()));
            pb.directory(node.home().toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new TimeoutException("exec timed out");
            }
            String stderr = Files.readString(err);
            Files.delete(err);
            return new ExecResult(p.exitValue(), new String(out, StandardCharsets.UTF_8), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
