package dev.runner.k8s;

import dev.runner.k8s.cluster.ExecResult;
import dev.runner.k8s.cluster.PodExec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A PodExec for tests (chosen with -Drunner.k8s.podExec): answers with {@link #behaviour}, records calls. */
public final class FakePodExec implements PodExec {
    static volatile Function<List<String>, ExecResult> behaviour = cmd -> new ExecResult(0, "", "");
    static final List<String> calls = new CopyOnWriteArrayList<>();

    static void install(Function<List<String>, ExecResult> b) {
        behaviour = b;
        calls.clear();
        System.setProperty(PodExec.PROPERTY, FakePodExec.class.getName());
    }

    static void uninstall() {
        System.clearProperty(PodExec.PROPERTY);
    }

    @Override
    public ExecResult exec(KubernetesClient client, String namespace, String pod, String container,
            List<String> command, Duration timeout) {
        calls.add(namespace + "/" + pod + "/" + container + ": " + String.join(" ", command));
        return behaviour.apply(command);
    }
}
