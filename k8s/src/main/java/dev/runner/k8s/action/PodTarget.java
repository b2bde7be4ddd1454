package dev.runner.k8s.action;

import dev.runner.k8s.Kube;
import dev.runner.k8s.cluster.Calls;
import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.k8s.cluster.ExecResult;
import dev.runner.k8s.cluster.Pods;
import dev.runner.step.StepException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The pod a step talks to, from {@code pod:} (a name) or {@code selector:} (labels; the best pod is picked:
 * ready, then running), and its {@code container:}; commands go through the run's {@link
 * dev.runner.k8s.cluster.PodExec} transport.
 */
final class PodTarget {
    final Kube k;
    final ClusterTarget t;
    final String name;
    final String selector;
    final String container;

    PodTarget(Kube k, ClusterTarget t) throws StepException {
        this.k = k;
        this.t = t;
        this.name = k.args().str("pod").orElse(null);
        this.selector = k.args().str("selector").orElse(null);
        this.container = k.args().str("container").orElse(null);
        if ((name == null) == (selector == null)) {
            throw k.invalid("give exactly one of with.pod and with.selector");
        }
    }

    /** How the user named the pod, for messages. */
    String describe() {
        return (name != null ? "pod " + name : "pods " + selector) + " in " + t.where()
                + (container == null ? "" : " container " + container);
    }

    /** Every pod named or selected. */
    List<Pod> all() throws StepException, InterruptedException {
        return k.call("find " + describe(), () -> Pods.find(t, name, selector));
    }

    Optional<Pod> pick() throws StepException, InterruptedException {
        return Pods.pick(k.call("find " + describe(), () -> Pods.find(t, name, selector)));
    }

    /** Runs {@code command} in the chosen pod; a transport failure is a retryable step error. */
    ExecResult exec(Pod pod, List<String> command, Duration timeout) throws StepException, InterruptedException {
        String c = Pods.container(pod, container);
        String where = "exec in " + t.namespace() + "/" + pod.getMetadata().getName() + " container " + c;
        try {
            return k.clusters().podExec().exec(t.client(), t.namespace(), pod.getMetadata().getName(), c, command,
                    timeout);
        } catch (KubernetesClientException e) {
            throw Calls.failure(where, e);
        } catch (TimeoutException e) {
            throw new StepException(where + ": no exit within " + timeout, true);
        }
    }

    /** A command as given: a list is run as is, a string through {@code sh -c}. */
    static List<String> command(Kube k) throws StepException {
        Object raw = k.args().raw("command");
        if (raw instanceof String s) {
            return List.of("sh", "-c", s);
        }
        List<String> cmd = k.args().strings("command");
        if (cmd.isEmpty()) {
            throw k.invalid("with.command is required");
        }
        return cmd;
    }
}
