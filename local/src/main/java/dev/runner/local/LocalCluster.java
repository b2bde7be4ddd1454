package dev.runner.local;

import dev.runner.local.api.ApiServer;
import dev.runner.local.kubelet.Kubelet;
import dev.runner.local.kubelet.LocalImages;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One local cluster: an API server on 127.0.0.1 and a kubelet that runs its pods as podman containers (or, when
 * asked, as host processes: {@link PodRuntime}). Pods share the host's network; its postgres (any postgres-image
 * pod) listens on a port of its own on 127.0.0.1, so two clusters can run side by side.
 */
public final class LocalCluster implements AutoCloseable {
    private final String name;
    private final Path workDir;
    private final ApiServer api;
    private final KubernetesClient client;
    private final Kubelet kubelet;
    private final int postgresPort;
    private boolean closed;

    private LocalCluster(String name, Path workDir, Path imageScript, boolean mountNamespaces, LocalImages images)
            throws IOException {
        this.name = name;
        this.workDir = workDir;
        Files.createDirectories(workDir);
        this.api = new ApiServer(0, Kubeconfig.adminToken(name));
        this.postgresPort = freePort();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(api.url()).withNamespace("default")
                .withOauthToken(Kubeconfig.adminToken(name)).withRequestTimeout(30_000).build();
        this.client = new KubernetesClientBuilder().withConfig(config).build();
        Path kubeconfig = workDir.resolve("kubeconfig");
        Files.writeString(kubeconfig, Kubeconfig.render(java.util.Map.of(name, endpoint()), name));
        this.kubelet = new Kubelet(name + "-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(
                System.identityHashCode(this)), workDir, postgresPort, api.securePort(), imageScript, kubeconfig, client,
                mountNamespaces, images);
        api.backend(kubelet);
        for (String ns : new String[] {"default", "kube-system"}) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .create();
        }
        kubelet.start();
    }

    /**
     * Starts a cluster named {@code name} whose state (volumes, pod logs) lives under {@code workDir}, its pods as
     * containers where podman is usable ({@link PodRuntime#auto}).
     */
    public static LocalCluster start(String name, Path workDir, Path imageScript, boolean mountNamespaces)
            throws IOException {
        return start(name, workDir, imageScript, mountNamespaces, PodRuntime.auto());
    }

    /** As {@link #start(String, Path, Path, boolean)} with the runtime chosen by the caller. */
    public static LocalCluster start(String name, Path workDir, Path imageScript, boolean mountNamespaces,
                                     PodRuntime runtime) throws IOException {
        return new LocalCluster(name, workDir, imageScript, mountNamespaces && runtime == PodRuntime.PROCESSES,
                runtime.images());
    }

    public String name() {
        return name;
    }

    /** The API server's HTTPS address (what kubeconfigs name; its CA is {@link #caPem()}). */
    public String url() {
        return api.secureUrl();
    }

    /** The PEM certificate that verifies the API server's HTTPS listener. */
    public String caPem() {
        return api.caPem();
    }

    Kubeconfig.Endpoint endpoint() {
        return new Kubeconfig.Endpoint(url(), caPem());
    }

    public int apiPort() {
        return api.port();
    }

    /** The port of this cluster's postgres on 127.0.0.1 (PGPORT in archiver pods). */
    public int postgresPort() {
        return postgresPort;
    }

    /** This cluster's node (pods, exec, logs). */
    public Kubelet kubelet() {
        return kubelet;
    }

    public Path workDir() {
        return workDir;
    }

    /** A client of this cluster's API server (owned by the cluster; closed with it). */
    public KubernetesClient client() {
        return client;
    }

    /** How this cluster runs its pods. */
    public PodRuntime runtime() {
        return kubelet.containers() ? PodRuntime.CONTAINERS : PodRuntime.PROCESSES;
    }

    public boolean usesMountNamespaces() {
        return kubelet.usesMountNamespaces();
    }

    /** Process ids of everything currently running for this cluster's pods (pod containers and execs). */
    public java.util.List<Long> processes() {
        return kubelet.processes();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        kubelet.close();
        client.close();
        api.close();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
