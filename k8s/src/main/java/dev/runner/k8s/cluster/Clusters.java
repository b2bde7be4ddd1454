package dev.runner.k8s.cluster;

import dev.runner.step.StepContext;
import dev.runner.step.StepException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-run cache of Kubernetes clients, one per kube context, created on first use (a run service, closed
 * when the run ends). Namespace precedence like kubectl: the step's {@code namespace}, then {@code -n}, then the
 * context's namespace, then {@code default}.
 */
public final class Clusters implements AutoCloseable {
    public static final String KUBECONFIG = "kubeconfig";
    public static final String CONTEXT = "context";
    public static final String NAMESPACE = "namespace";
    /** Impersonation like kubectl's {@code --as} / {@code --as-group}: see {@link Impersonation}. */
    public static final String AS = "as";
    public static final String AS_GROUPS = "asGroups";
    /** fabric8 retries 429, 5xx and I/O errors of each request itself; these bound that retry. */
    static final int REQUEST_RETRIES = 4;
    static final int REQUEST_RETRY_INTERVAL_MS = 250;

    /** {@code shareKey}: the client's key in {@link SharedClients}. */
    private record Connection(String context, KubernetesClient client, String contextNamespace, String shareKey) {
    }

    private final Map<String, String> settings;
    private final Map<String, String> env;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final Map<String, Boolean> reachable = new ConcurrentHashMap<>();
    private volatile PodExec podExec;

    public Clusters(Map<String, String> settings, Map<String, String> env) {
        this.settings = Map.copyOf(settings);
        this.env = env;
    }

    public static Clusters of(StepContext ctx) {
        return ctx.service(Clusters.class, () -> new Clusters(ctx.settings(), System.getenv()));
    }

    /** The cluster of {@code context} (null: {@code --context}, else the kubeconfig's current context). */
    public ClusterTarget target(String context, String namespace) throws StepException {
        String ctxName = context != null ? context : settings.get(CONTEXT);
        Connection c = connection(ctxName);
        String ns = firstNonBlank(namespace, settings.get(NAMESPACE), c.contextNamespace(), "default");
        return new ClusterTarget(c.context(), c.client(), ns);
    }

    /** Whether any kubeconfig exists at all; false lets plan go offline without touching the network. */
    public boolean configured() {
        return !Kubeconfigs.candidates(settings, env).isEmpty() || InClusterConfig.available(env);
    }

    /** One cheap request (GET /version) with no retries and a short timeout; the answer is cached per context. */
    public boolean reachable(ClusterTarget t) {
        return reachable.computeIfAbsent(String.valueOf(t.context()), k -> {
            Config probe = new ConfigBuilder(t.client().getConfiguration()).withRequestRetryBackoffLimit(0)
                    .withConnectionTimeout(3000).withRequestTimeout(5000).build();
            try (KubernetesClient c = new KubernetesClientBuilder().withConfig(probe).build()) {
                c.getKubernetesVersion();
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    public PodExec podExec() {
        PodExec p = podExec;
        if (p == null) {
            p = PodExec.load();
            podExec = p;
        }
        return p;
    }

    private Connection connection(String context) throws StepException {
        String key = String.valueOf(context);
        Connection c = connections.get(key);
        if (c != null) {
            return c;
        }
        synchronized (this) {
            c = connections.get(key);
            if (c == null) {
                c = connect(context);
                connections.put(key, c);
            }
            return c;
        }
    }

    private Connection connect(String context) throws StepException {
        List<File> files = Kubeconfigs.candidates(settings, env);
        if (files.isEmpty() && context == null && InClusterConfig.available(env)) {
            Config in = InClusterConfig.config();
            Config cfg = new ConfigBuilder(in).withRequestRetryBackoffLimit(REQUEST_RETRIES)
                    .withRequestRetryBackoffInterval(REQUEST_RETRY_INTERVAL_MS).build();
            String key = "in-cluster";
            return new Connection(key, SharedClients.acquire(key, () -> new KubernetesClientBuilder().withConfig(cfg)
                    .build()), in.getNamespace(), key);
        }
        io.fabric8.kubernetes.api.model.Config merged = Kubeconfigs.merge(files, context);
        Config base;
        try {
            base = Config.fromKubeconfig(Serialization.asJson(merged));
        } catch (RuntimeException e) {
            throw new StepException("cannot use kubeconfig " + files + ": " + e.getMessage(), false);
        }
        String contextNs = base.getNamespace();
        Impersonation as = Impersonation.of(Kubeconfigs.currentUser(merged), settings);
        Config cfg = as.applyTo(new ConfigBuilder(base)).withRequestRetryBackoffLimit(REQUEST_RETRIES)
                .withRequestRetryBackoffInterval(REQUEST_RETRY_INTERVAL_MS).build();
        String name = context != null ? context
                : base.getCurrentContext() != null ? base.getCurrentContext().getName() : null;
        String key = dev.runner.state.Hashing.sha256((Serialization.asJson(merged) + "\n" + as)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new Connection(name, SharedClients.acquire(key, () -> new KubernetesClientBuilder().withConfig(cfg)
                .build()), contextNs, key);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    @Override
    public void close() {
        connections.values().forEach(c -> SharedClients.release(c.shareKey()));
        connections.clear();
    }
}
