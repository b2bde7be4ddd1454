package dev.runner.local.kubelet;

import dev.runner.local.api.PodBackend;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The local "node": one control loop that runs the Deployment and Job controllers and keeps a {@link PodWorker} per
 * pod of the API server — started when a pod appears, stopped (processes killed) when it is deleted. Woken by
 * watches, with a periodic resync as a safety net. Also serves exec and logs for the API server.
 */
public final class Kubelet implements PodBackend, AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final NodeContext node;
    private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
    private final Set<PodWorker> terminating = ConcurrentHashMap.newKeySet();
    private final ExecutorService podThreads = Executors.newCachedThreadPool(r -> daemon(r, "local-pod"));
    private final List<Watch> watches = new ArrayList<>();
    private final DeploymentController deployments;
    private final JobController jobs;
    private final Object wake = new Object();
    private volatile boolean running = true;
    private volatile boolean dirty = true;
    private Thread loop;

    public Kubelet(String clusterId, Path workDir, int postgresPort, int apiPort, Path imageScript, Path kubeconfig,
                   KubernetesClient client, boolean useMountNamespaces) {
        this(clusterId, workDir, postgresPort, apiPort, imageScript, kubeconfig, client, useMountNamespaces, null);
    }

    /** A kubelet that runs pods as podman containers from {@code images} (null: as host processes). */
    public Kubelet(String clusterId, Path workDir, int postgresPort, int apiPort, Path imageScript, Path kubeconfig,
                   KubernetesClient client, boolean useMountNamespaces, LocalImages images) {
        if (images != null) {
            Podman.requireUsable();
        }
        this.node = new NodeContext(clusterId, workDir, postgresPort, apiPort, imageScript, kubeconfig, client,
                new Launcher(useMountNamespaces), images);
        this.deployments = new DeploymentController(client, this::terminatingPods);
        this.jobs = new JobController(client);
    }

    /** Whether pods run as podman containers (else as host processes). */
    public boolean containers() {
        return node.containers();
    }

    /** Whether pods see their volumes at the real mountPaths (mount namespaces) rather than translated paths. */
    public boolean usesMountNamespaces() {
        return node.launcher().usesNamespaces();
    }

    public void start() throws IOException {
        Path run = node.workDir().resolve("run/postgresql");
        Files.createDirectories(run);
        PodVolumes.chown(node, run, ContainerLaunch.userExists(ContainerLaunch.PG_USER) ? ContainerLaunch.PG_USER
                : null);
        KubernetesClient c = node.client();
        Watcher<Object> poke = new Watcher<>() {
            @Override
            public void eventReceived(Action action, Object resource) {
                poke();
            }

            @Override
            public void onClose(WatcherException cause) {
                // the periodic resync keeps the loop going
            }
        };
        try {
            watches.add(c.pods().inAnyNamespace().watch(cast(poke)));
            watches.add(c.apps().deployments().inAnyNamespace().watch(cast(poke)));
            watches.add(c.batch().v1().jobs().inAnyNamespace().watch(cast(poke)));
        } catch (KubernetesClientException e) {
            // watches are an optimisation only
        }
        loop = daemon(this::loop, "local-kubelet-" + node.clusterId());
        loop.start();
    }

    @SuppressWarnings("unchecked")
    private static <T> Watcher<T> cast(Watcher<Object> w) {
        return (Watcher<T>) (Watcher<?>) w;
    }

    void poke() {
        synchronized (wake) {
            dirty = true;
            wake.notifyAll();
        }
    }

    private void loop() {
        while (running) {
            try {
                synchronized (wake) {
                    if (!dirty) {
                        wake.wait(1000);
                    }
                    dirty = false;
                }
                reconcile();
                Thread.sleep(50); // coalesce bursts of watch events
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    sleepQuietly();
                }
            }
        }
    }

    private void reconcile() {
        List<Pod> pods = node.client().pods().inAnyNamespace().list().getItems();
        syncPods(pods);
        deployments.reconcile(pods);
        jobs.reconcile(pods);
    }

    private void syncPods(List<Pod> pods) {
        Set<String> seen = new HashSet<>();
        pods.forEach(p -> seen.add(p.getMetadata().getUid()));
        for (PodWorker w : List.copyOf(workers.values())) {
            if (!seen.contains(w.uid())) {
                workers.remove(w.uid());
                terminating.add(w);
                podThreads.execute(() -> {
                    w.stop(GRACE);
                    terminating.remove(w);
                    poke();
                });
            }
        }
        for (Pod p : pods) {
            String uid = p.getMetadata().getUid();
            if (!workers.containsKey(uid) && running) {
                PodWorker w = new PodWorker(node, p, this::volumesBusy);
                workers.put(uid, w);
                podThreads.execute(w);
            }
        }
    }

    /** Pods deleted from the API whose containers are still being stopped. */
    private List<Pod> terminatingPods() {
        return terminating.stream().map(PodWorker::pod).toList();
    }

    /**
     * Whether a pod must wait before it starts because another pod, running or still terminating, holds one of
     * its volumes exclusively. On a real cluster only a PersistentVolumeClaim with the access mode ReadWriteOncePod
     * does that; a hostPath volume, and a ReadWriteOnce claim on one node, are mounted by every pod that asks, at
     * the same time. https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
     */
    private boolean volumesBusy(PodWorker w) {
        Set<String> exclusive = exclusiveClaims(w.pod());
        if (exclusive.isEmpty()) {
            return false;
        }
        return java.util.stream.Stream.concat(workers.values().stream(), terminating.stream())
                .filter(o -> o != w && o.pod().getMetadata().getNamespace().equals(w.pod().getMetadata()
                        .getNamespace()))
                .anyMatch(o -> claims(o.pod()).stream().anyMatch(exclusive::contains));
    }

    private Set<String> exclusiveClaims(Pod pod) {
        Set<String> out = new HashSet<>();
        for (String claim : claims(pod)) {
            var pvc = node.client().persistentVolumeClaims().inNamespace(pod.getMetadata().getNamespace())
                    .withName(claim).get();
            if (pvc != null && pvc.getSpec() != null && pvc.getSpec().getAccessModes() != null
                    && pvc.getSpec().getAccessModes().contains("ReadWriteOncePod")) {
                out.add(claim);
            }
        }
        return out;
    }

    private static Set<String> claims(Pod pod) {
        Set<String> out = new HashSet<>();
        if (pod.getSpec().getVolumes() != null) {
            pod.getSpec().getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                    .forEach(v -> out.add(v.getPersistentVolumeClaim().getClaimName()));
        }
        return out;
    }

    @Override
    public Process exec(String namespace, String pod, String container, List<String> command)
            throws NotRunning, IOException {
        PodWorker w = find(namespace, pod);
        ContainerRun c = w == null ? null : w.container(container);
        if (c == null || !c.running() || c.launch == null) {
            throw new NotRunning("container " + (container == null ? "" : container + " ")
                    + "is not running in pod " + namespace + "/" + pod);
        }
        if (c.containerName != null) {
            return Podman.exec(c.containerName, command);
        }
        return node.launcher().start(c.launch.withCommand(command), null);
    }

    /** The host pid of a running container's PID 1 (containers only), or -1. */
    public long containerMainPid(String namespace, String pod, String container) {
        PodWorker w = find(namespace, pod);
        ContainerRun c = w == null ? null : w.container(container);
        return c == null || c.containerName == null ? -1 : c.mainPid();
    }

    @Override
    public void kill(Process process) {
        ProcessKiller.stop(process, "KILL", Duration.ZERO, null);
    }

    @Override
    public Path logFile(String namespace, String pod, String container, boolean previous) {
        PodWorker w = find(namespace, pod);
        ContainerRun c = w == null ? null : w.container(container);
        return c == null ? null : previous ? c.previousLog() : c.log;
    }

    private PodWorker find(String namespace, String name) {
        return workers.values().stream().filter(w -> w.pod().getMetadata().getNamespace().equals(namespace)
                && w.pod().getMetadata().getName().equals(name)).findFirst().orElse(null);
    }

    /** Live processes started for this node's pods (found by their marker variable). */
    public List<Long> processes() {
        return ProcessKiller.findMarked(node.clusterId() + "/");
    }

    /** Stops the loop and every pod's processes; nothing this node started is left running. */
    @Override
    public void close() {
        running = false;
        watches.forEach(Watch::close);
        if (loop != null) {
            loop.interrupt();
        }
        List<Future<?>> stops = new ArrayList<>();
        ExecutorService stopper = Executors.newCachedThreadPool(r -> daemon(r, "local-pod-stop"));
        for (PodWorker w : List.copyOf(workers.values())) {
            stops.add(stopper.submit(() -> w.stop(GRACE)));
        }
        for (Future<?> f : stops) {
            try {
                f.get(GRACE.toSeconds() + 5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // fall through to the marker sweep below
            }
        }
        stopper.shutdownNow();
        podThreads.shutdownNow();
        ProcessKiller.killMarked(node.clusterId() + "/");
        if (node.containers()) {
            Podman.removeCluster(node.clusterId());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
