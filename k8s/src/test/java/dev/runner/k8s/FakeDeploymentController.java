package dev.runner.k8s;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mock API server has no controllers: this plays the Deployment controller's visible part. When a
 * Deployment's generation is ahead of its observedGeneration it reports, after a short delay, a finished rollout.
 * It counts its own API requests so a test can leave them out of the step's.
 */
final class FakeDeploymentController implements AutoCloseable {
    final AtomicInteger requests = new AtomicInteger(1);
    private final Watch watch;

    FakeDeploymentController(KubernetesClient client, String ns) {
        watch = client.apps().deployments().inNamespace(ns).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment d) {
                long gen = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
                long seen = d.getStatus() == null || d.getStatus().getObservedGeneration() == null ? -1
                        : d.getStatus().getObservedGeneration();
                if (action == Action.DELETED || seen >= gen) {
                    return;
                }
                new Thread(() -> {
                    try {
                        Thread.sleep(150);
                        requests.addAndGet(2);
                        Fixtures.rolledOut(client, ns, d.getMetadata().getName());
                    } catch (InterruptedException | RuntimeException e) {
                        // the test is over
                    }
                }).start();
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    @Override
    public void close() {
        watch.close();
    }
}
