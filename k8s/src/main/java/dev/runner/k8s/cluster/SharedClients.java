package dev.runner.k8s.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;

/**
 * Kubernetes clients shared by the runs of one process that talk to the same cluster as the same user (a fleet's
 * targets differ only in namespace, which every request names itself): one client, its connection pool and its
 * threads instead of one per run. Counted: the last run to release a client closes it.
 */
final class SharedClients {
    interface Factory {
        KubernetesClient create() throws dev.runner.step.StepException;
    }

    private record Entry(KubernetesClient client, int users) {
    }

    private static final Map<String, Entry> CLIENTS = new HashMap<>();

    private SharedClients() {
    }

    /** The client for {@code key} (the merged kubeconfig, context and impersonation), made on first use. */
    static synchronized KubernetesClient acquire(String key, Factory factory) throws dev.runner.step.StepException {
        Entry e = CLIENTS.get(key);
        KubernetesClient client = e != null ? e.client() : factory.create();
        CLIENTS.put(key, new Entry(client, e == null ? 1 : e.users() + 1));
        return client;
    }

    static synchronized void release(String key) {
        Entry e = CLIENTS.get(key);
        if (e == null) {
            return;
        }
        if (e.users() > 1) {
            CLIENTS.put(key, new Entry(e.client(), e.users() - 1));
        } else {
            CLIENTS.remove(key);
            e.client().close();
        }
    }
}
