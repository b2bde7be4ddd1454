package dev.runner.k8s.state;

import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.k8s.cluster.Clusters;
import dev.runner.model.Secrets;
import dev.runner.state.Event;
import dev.runner.state.Host;
import dev.runner.state.LockedException;
import dev.runner.state.RunEntry;
import dev.runner.state.RunLock;
import dev.runner.state.RunState;
import dev.runner.state.RunStorage;
import dev.runner.state.StateBackend;
import dev.runner.state.TargetLock;
import dev.runner.step.StepException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Run state in the Kubernetes API server ({@code --state cluster}): each run's journal in numbered ConfigMaps
 * and its snapshot in one more ({@link ChunkedJournal}, {@link Compactor}), the lock of a workflow on a target a
 * Lease ({@link LeaseLock}), all in one namespace and labelled (see {@link StateObjects}), so a run started on
 * one machine (or in a pod) can be listed, inspected and resumed from any machine with the kubeconfig. The
 * target is this namespace: the Lease of a workflow lives in the namespace it runs against.
 */
public final class ClusterState implements StateBackend {
    private final StateApi api;
    private final String context;
    private final Limits limits;
    private final Clock clock;
    private final AutoCloseable owned;
    /** The Leases this process holds, by run: a run stops writing once its Lease is lost. */
    private final Map<String, LeaseLock> held = new ConcurrentHashMap<>();

    public ClusterState(KubernetesClient client, String context, String namespace, Limits limits, Clock clock) {
        this(client, context, namespace, limits, clock, null);
    }

    private ClusterState(KubernetesClient client, String context, String namespace, Limits limits, Clock clock,
                         AutoCloseable owned) {
        this.api = new StateApi(client, namespace);
        this.context = context;
        this.limits = limits;
        this.clock = clock;
        this.owned = owned;
    }

    /**
     * The cluster of the kube settings ({@code kubeconfig}, {@code context}, {@code namespace}) as kubectl finds it;
     * the namespace is {@code -n}, else the context's, else {@code default}.
     */
    public static ClusterState connect(Map<String, String> settings, Map<String, String> env) throws IOException {
        Clusters clusters = new Clusters(settings, env);
        try {
            ClusterTarget t = clusters.target(null, null);
            return new ClusterState(t.client(), t.context(), t.namespace(), Limits.DEFAULT, Clock.systemUTC(),
                    clusters);
        } catch (StepException | RuntimeException e) {
            clusters.close();
            throw new IOException("cluster state: " + e.getMessage(), e);
        }
    }

    public String namespace() {
        return api.namespace;
    }

    @Override
    public String where() {
        return "namespace " + api.namespace + (context != null ? " of context " + context : "");
    }

    @Override
    public TargetLock lockTarget(Path workflow, String workflowName, Map<String, String> settings, String runId,
                                 Consumer<String> warn) throws IOException, LockedException {
        RunLock.Holder me = new RunLock.Holder(ProcessHandle.current().pid(), Host.name(), clock.instant().toString(),
                runId);
        LeaseLock lease = LeaseLock.acquire(api, StateObjects.leaseName(workflowName),
                StateObjects.labels(null, workflowName, api.namespace, StateObjects.LOCK), me, limits, clock, warn);
        held.put(runId, lease);
        return new TargetLock() {
            @Override
            public Optional<RunLock.Holder> takenOverFrom() {
                return lease.takenOverFrom();
            }

            @Override
            public void close() throws IOException {
                held.remove(runId, lease);
                lease.close();
            }
        };
    }

    /** The workflow's Lease names the run that holds it, so a run needs no lock of its own. */
    @Override
    public TargetLock lockRun(String runId, Consumer<String> warn) {
        return TargetLock.NONE;
    }

    @Override
    public RunStorage create(String runId, Event runStarted, Secrets secrets) throws IOException {
        return ChunkedJournal.create(api, runId, runStarted, secrets, limits, lost(runId));
    }

    @Override
    public RunStorage open(String runId, Secrets secrets) throws IOException {
        return ChunkedJournal.open(api, runId, secrets, limits, lost(runId));
    }

    private Supplier<Optional<String>> lost(String runId) {
        return () -> {
            LeaseLock l = held.get(runId);
            return l == null ? Optional.empty() : l.lost();
        };
    }

    @Override
    public Optional<RunState> find(String runId) throws IOException {
        StoredRun r = api.load(runId);
        return r == null ? Optional.empty() : Optional.of(r.state());
    }

    @Override
    public List<RunEntry> list() throws IOException {
        Map<String, List<ConfigMap>> byRun = new TreeMap<>();
        for (ConfigMap c : api.runObjects(null)) {
            String id = c.getMetadata().getLabels().get(StateObjects.RUN_ID);
            if (id != null) {
                byRun.computeIfAbsent(id, k -> new ArrayList<>()).add(c);
            }
        }
        Set<String> active = activeRuns();
        List<RunEntry> out = new ArrayList<>();
        for (Map.Entry<String, List<ConfigMap>> e : byRun.entrySet()) {
            String id = e.getKey();
            try {
                StoredRun r;
                try {
                    r = StateApi.fold(id, e.getValue());
                } catch (StoredRun.Gap gap) {
                    r = api.load(id); // compacted while we listed: read this run again
                }
                out.add(r == null ? new RunEntry(id, null, "gone while listing", false)
                        : new RunEntry(id, r.state(), null, active.contains(id)));
            } catch (IOException | RuntimeException ex) {
                out.add(new RunEntry(id, null, ex.getMessage(), active.contains(id)));
            }
        }
        return out;
    }

    /** Runs whose workflow's Lease is held (not expired) by them now. */
    private Set<String> activeRuns() throws IOException {
        Set<String> out = new HashSet<>();
        Instant now = clock.instant();
        for (Lease l : api.leases()) {
            LeaseLock.heldRun(l, now).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }
}
