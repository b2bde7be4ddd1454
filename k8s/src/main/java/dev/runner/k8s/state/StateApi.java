package dev.runner.k8s.state;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The API calls of the cluster state, in one namespace. A 409 (a stale resourceVersion on update, or an object
 * that already exists on create) is {@link Conflict}, for the caller to read again and retry; every other
 * failure is an IOException that says what was being done, in which namespace, and the server's reason.
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions
 */
class StateApi {
    /** Reads of a run retried when a writer compacted between them (see {@link StoredRun.Gap}). */
    private static final int GAP_RETRIES = 5;

    /** The server refused a write because the object changed (or exists): read it again. */
    static final class Conflict extends Exception {
        Conflict(String message) {
            super(message);
        }
    }

    final KubernetesClient client;
    final String namespace;
    /** 409s met so far (tests and the benchmark read it). */
    final java.util.concurrent.atomic.AtomicLong conflicts = new java.util.concurrent.atomic.AtomicLong();

    StateApi(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    ConfigMap configMap(String name) throws IOException {
        return call("read ConfigMap " + name, () -> client.configMaps().inNamespace(namespace).withName(name).get());
    }

    /** The journal chunks and snapshot of one run ({@code runId} null: of every run). */
    List<ConfigMap> runObjects(String runId) throws IOException {
        var ops = client.configMaps().inNamespace(namespace).withLabel(StateObjects.MANAGED_BY, StateObjects.RUNNER)
                .withLabelIn(StateObjects.PART, StateObjects.JOURNAL, StateObjects.SNAPSHOT);
        var sel = runId == null ? ops : ops.withLabel(StateObjects.RUN_ID, StateObjects.labelValue(runId));
        return call("list run state ConfigMaps", () -> sel.list().getItems());
    }

    ConfigMap create(ConfigMap c) throws IOException, Conflict {
        return write("create ConfigMap " + c.getMetadata().getName(),
                () -> client.configMaps().inNamespace(namespace).resource(c).create());
    }

    /** An update with the object's resourceVersion as precondition. */
    ConfigMap update(ConfigMap c) throws IOException, Conflict {
        return write("update ConfigMap " + c.getMetadata().getName(),
                () -> client.configMaps().inNamespace(namespace).resource(c).update());
    }

    void delete(String name) throws IOException {
        call("delete ConfigMap " + name, () -> client.configMaps().inNamespace(namespace).withName(name).delete());
    }

    Lease lease(String name) throws IOException {
        return call("read Lease " + name, () -> client.resources(Lease.class).inNamespace(namespace).withName(name).get());
    }

    List<Lease> leases() throws IOException {
        return call("list Leases", () -> client.resources(Lease.class).inNamespace(namespace)
                .withLabel(StateObjects.MANAGED_BY, StateObjects.RUNNER).list().getItems());
    }

    Lease create(Lease l) throws IOException, Conflict {
        return write("create Lease " + l.getMetadata().getName(),
                () -> client.resources(Lease.class).inNamespace(namespace).resource(l).create());
    }

    Lease update(Lease l) throws IOException, Conflict {
        return write("update Lease " + l.getMetadata().getName(),
                () -> client.resources(Lease.class).inNamespace(namespace).resource(l).update());
    }

    /** A run's stored state, or null when no object of it exists. */
    StoredRun load(String runId) throws IOException {
        for (int attempt = 1; ; attempt++) {
            List<ConfigMap> objects = runObjects(runId);
            if (objects.isEmpty()) {
                return null;
            }
            try {
                return fold(runId, objects);
            } catch (StoredRun.Gap gap) {
                if (attempt >= GAP_RETRIES) {
                    throw new IOException(gap.getMessage());
                }
            }
        }
    }

    /** Folds one run's listed objects (its snapshot, if any, and its chunks). */
    static StoredRun fold(String runId, List<ConfigMap> objects) throws IOException, StoredRun.Gap {
        ConfigMap snapshot = objects.stream()
                .filter(c -> StateObjects.SNAPSHOT.equals(c.getMetadata().getLabels().get(StateObjects.PART)))
                .findFirst().orElse(null);
        List<ConfigMap> chunks = objects.stream()
                .filter(c -> StateObjects.JOURNAL.equals(c.getMetadata().getLabels().get(StateObjects.PART))).toList();
        return StoredRun.fold(runId, snapshot, chunks);
    }

    private <T> T write(String what, Supplier<T> op) throws IOException, Conflict {
        try {
            return op.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                conflicts.incrementAndGet();
                throw new Conflict(what + ": " + e.getMessage());
            }
            throw failure(what, e);
        }
    }

    private <T> T call(String what, Supplier<T> op) throws IOException {
        try {
            return op.get();
        } catch (KubernetesClientException e) {
            throw failure(what, e);
        }
    }

    private IOException failure(String what, KubernetesClientException e) {
        String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : e.getMessage();
        String hint = e.getCode() == HttpURLConnection.HTTP_FORBIDDEN
                ? " (the cluster state needs get, list, create, update and delete on configmaps and leases in this"
                + " namespace: see docs/operations.md, cluster state)" : "";
        return new IOException("cannot " + what + " in namespace " + namespace + ": " + reason + hint, e);
    }
}
