package dev.runner.k8s.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeoutException;

/**
 * How a command reaches a container: the transport behind {@code exec} and {@code wait-for-file}. The default,
 * {@link FabricPodExec}, uses the pods/exec API over the API server's websocket. Another transport is chosen,
 * in this order, by the system property {@value #PROPERTY} (a class name with a public no-argument
 * constructor), or by the first implementation found with {@link ServiceLoader}
 * ({@code META-INF/services/dev.runner.k8s.cluster.PodExec}). It is looked up once per run.
 */
public interface PodExec {
    String PROPERTY = "runner.k8s.podExec";

    /**
     * Runs {@code command} (no shell) in {@code container} of {@code pod} and waits for it to exit. A transport
     * failure throws {@link io.fabric8.kubernetes.client.KubernetesClientException}.
     */
    ExecResult exec(KubernetesClient client, String namespace, String pod, String container, List<String> command,
            Duration timeout) throws InterruptedException, TimeoutException;

    static PodExec load() {
        String cls = System.getProperty(PROPERTY);
        if (cls != null && !cls.isBlank()) {
            try {
                return (PodExec) Class.forName(cls.trim(), true, Thread.currentThread().getContextClassLoader())
                        .getConstructor().newInstance();
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalStateException(PROPERTY + "=" + cls + " is not a usable PodExec: " + e, e);
            }
        }
        Iterator<PodExec> found = ServiceLoader.load(PodExec.class).iterator();
        return found.hasNext() ? found.next() : new FabricPodExec();
    }
}
