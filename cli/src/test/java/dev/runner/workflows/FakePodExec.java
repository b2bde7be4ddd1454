package dev.runner.workflows;

import dev.runner.k8s.cluster.ExecResult;
import dev.runner.k8s.cluster.PodExec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;

/** The runner's exec transport in these tests (system property runner.k8s.podExec): answers from {@link FakePostgres}. */
public final class FakePodExec implements PodExec {
    @Override
    public ExecResult exec(KubernetesClient client, String namespace, String pod, String container,
            List<String> command, Duration timeout) {
        Pod p = client.pods().inNamespace(namespace).withName(pod).get();
        if (p == null) {
            throw new io.fabric8.kubernetes.client.KubernetesClientException("pods \"" + pod + "\" not found");
        }
        return FakePostgres.current.exec(p, container, command);
    }
}
