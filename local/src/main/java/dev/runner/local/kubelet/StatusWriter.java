package dev.runner.local.kubelet;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.function.Predicate;

/** Writes an object's status through the status subresource: read fresh, change, PUT; retried on conflict. */
final class StatusWriter {
    private StatusWriter() {}

    /**
     * Applies {@code change} to a fresh copy and writes it when {@code change} returns true.
     * Returns false when the object is gone.
     */
    static <T extends HasMetadata> boolean update(KubernetesClient client, Resource<T> resource,
                                                  Predicate<T> change) {
        for (int attempt = 0; attempt < 5; attempt++) {
            T fresh = resource.get();
            if (fresh == null) {
                return false;
            }
            if (!change.test(fresh)) {
                return true;
            }
            try {
                client.resource(fresh).updateStatus();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return false;
                }
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
        return true;
    }
}
