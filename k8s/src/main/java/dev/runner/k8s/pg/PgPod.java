package dev.runner.k8s.pg;

import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.k8s.cluster.ExecResult;
import dev.runner.k8s.cluster.PodExec;
import dev.runner.k8s.cluster.Pods;
import dev.runner.step.StepException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The container of a postgres pod that runs pgBackRest and psql: chosen by name or label selector (a ready pod
 * first), commands run through the run's {@link PodExec} transport, each with its own timeout. Read-only by
 * itself; what a command does is the caller's business.
 */
public final class PgPod {
    /** psql inside the container: the server's own superuser (POSTGRES_USER) over the local socket. */
    static final String PSQL = "exec psql -X -q -A -t -v ON_ERROR_STOP=1 -U \"${1:-${POSTGRES_USER:-postgres}}\" "
            + "-d postgres -c \"$2\"";

    private final ClusterTarget target;
    private final PodExec transport;
    private final String pod;
    private final String container;
    private final String pgUser;

    private PgPod(ClusterTarget target, PodExec transport, String pod, String container, String pgUser) {
        this.target = target;
        this.transport = transport;
        this.pod = pod;
        this.container = container;
        this.pgUser = pgUser;
    }

    /**
     * @param name     a pod name, or null to select by {@code selector}
     * @param pgUser   database user for psql, or null for the container's POSTGRES_USER
     */
    public static PgPod find(ClusterTarget t, PodExec transport, String name, String selector, String container,
            String pgUser) throws StepException {
        List<Pod> pods;
        try {
            pods = Pods.find(t, name, name == null ? selector : null);
        } catch (KubernetesClientException e) {
            throw new StepException("cannot list pods " + what(name, selector) + " in " + t.where() + ": "
                    + e.getMessage(), true);
        }
        Pod p = Pods.pick(pods).orElseThrow(() -> new StepException("no pod " + what(name, selector) + " in "
                + t.where() + ": is the postgres Deployment running there?", true));
        if (!Pods.isRunning(p)) {
            throw new StepException("pod " + p.getMetadata().getName() + " is not running: "
                    + String.join("; ", Pods.describe(List.of(p))), true);
        }
        return new PgPod(t, transport, p.getMetadata().getName(), Pods.container(p, container), pgUser);
    }

    private static String what(String name, String selector) {
        return name != null ? name : "matching " + selector;
    }

    public String name() {
        return pod;
    }

    public String where() {
        return target.where() + " pod " + pod + " container " + container;
    }

    /** Runs {@code command}; a transport failure or timeout is a (retryable) StepException. */
    public ExecResult exec(List<String> command, Duration timeout) throws StepException, InterruptedException {
        try {
            return transport.exec(target.client(), target.namespace(), pod, container, command, timeout);
        } catch (TimeoutException e) {
            throw new StepException("'" + String.join(" ", command) + "' in " + where() + " did not finish within "
                    + timeout, true);
        } catch (KubernetesClientException e) {
            throw new StepException("cannot exec in " + where() + ": " + e.getMessage(), true);
        }
    }

    /** One SQL statement through psql; returns its unaligned, tuples-only output, trimmed. */
    public String sql(String query, Duration timeout) throws StepException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", PSQL, "psql", pgUser == null ? "" : pgUser, query));
        ExecResult r = exec(cmd, timeout);
        if (r.exitCode() != 0) {
            throw new StepException("psql in " + where() + " failed (exit " + r.exitCode() + "): "
                    + lastLines(r.stderr().isBlank() ? r.stdout() : r.stderr(), 5), true);
        }
        return r.stdout().trim();
    }

    /** The last {@code n} non-blank lines of a command's output, joined for a message. */
    public static String lastLines(String text, int n) {
        List<String> lines = text == null ? List.of() : text.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "(no output)" : String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
}
