package dev.runner.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local clusters a demo or test runs against — by default two, {@code old} and {@code new}, each with its own
 * API server — and one kubeconfig with a context per cluster, so a cross-context copy is real. Closing it (or the
 * JVM shutting down, e.g. on Ctrl-C) stops every pod process and server.
 */
public final class LocalEnvironment implements AutoCloseable {
    private final Path workDir;
    private final Map<String, LocalCluster> clusters = new LinkedHashMap<>();
    private final Path kubeconfig;
    private final Thread hook;
    private boolean closed;

    private LocalEnvironment(Path workDir, Path imageScript, boolean mountNamespaces, List<String> names,
                             PodRuntime runtime) throws IOException {
        this.workDir = workDir;
        this.hook = new Thread(this::close, "local-cluster-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Files.createDirectories(workDir);
            // pod users (postgres) must be able to reach volume dirs below the work dir
            Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Map<String, Kubeconfig.Endpoint> servers = new LinkedHashMap<>();
            for (String name : names) {
                LocalCluster c = LocalCluster.start(name, workDir.resolve(name), imageScript, mountNamespaces,
                        runtime);
                clusters.put(name, c);
                servers.put(name, c.endpoint());
            }
            kubeconfig = workDir.resolve("kubeconfig");
            Files.writeString(kubeconfig, Kubeconfig.render(servers, names.get(0)));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts clusters {@code old} and {@code new} under {@code workDir}. */
    public static LocalEnvironment start(Path workDir) throws IOException {
        return start(workDir, ImageScript.locate(), true, List.of("old", "new"));
    }

    /** Starts the clusters {@code names}, their pods as containers where podman is usable ({@link PodRuntime#auto}). */
    public static LocalEnvironment start(Path workDir, Path imageScript, boolean mountNamespaces, List<String> names)
            throws IOException {
        return start(workDir, imageScript, mountNamespaces, names, PodRuntime.auto());
    }

    public static LocalEnvironment start(Path workDir, Path imageScript, boolean mountNamespaces, List<String> names,
                                         PodRuntime runtime) throws IOException {
        return new LocalEnvironment(workDir, imageScript, mountNamespaces, names, runtime);
    }

    public LocalCluster cluster(String name) {
        LocalCluster c = clusters.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no local cluster " + name);
        }
        return c;
    }

    public List<LocalCluster> clusters() {
        return new ArrayList<>(clusters.values());
    }

    /** The kubeconfig with one context per cluster (current context: the first cluster). */
    public Path kubeconfig() {
        return kubeconfig;
    }

    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<Thread> stops = new ArrayList<>();
        for (LocalCluster c : clusters.values()) {
            Thread t = new Thread(c::close, "local-cluster-close-" + c.name());
            t.start();
            stops.add(t);
        }
        for (Thread t : stops) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }
}
