package dev.runner.k8s;

import dev.runner.k8s.cluster.ExecResult;
import dev.runner.k8s.cluster.PodExec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A {@link PodExec} for tests (chosen with -Drunner.k8s.podExec): answers from {@link #handler}, records calls. */
public final class ScriptedPodExec implements PodExec {
    static volatile Function<List<String>, ExecResult> handler = c -> new ExecResult(127, "", "no handler");
    static final List<String> calls = new ArrayList<>();

    @Override
    public ExecResult exec(KubernetesClient client, String namespace, String pod, String container,
            List<String> command, Duration timeout) {
        synchronized (calls) {
            calls.add(namespace + "/" + pod + "/" + container + ": " + String.join(" ", command));
        }
        return handler.apply(command);
    }

    static void install(Function<List<String>, ExecResult> h) {
        System.setProperty(PodExec.PROPERTY, ScriptedPodExec.class.getName());
        handler = h;
        synchronized (calls) {
            calls.clear();
        }
    }

    static void uninstall() {
        System.clearProperty(PodExec.PROPERTY);
    }
}
