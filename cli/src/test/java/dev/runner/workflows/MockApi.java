package dev.runner.workflows;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One simulated API server (fabric8's mock in CRUD mode) standing for one kube context. The test's own client
 * (the fake controller, seeding, assertions) marks its requests with a header, so {@link #runnerWrites} counts
 * only what the runner wrote.
 */
final class MockApi implements AutoCloseable {
    static final String TEST_HEADER = "X-Runner-Test";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    /** Kept referenced: JUL holds loggers weakly, and the mock logs every request at INFO. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    final String context;
    /** What GET pods/NAME/log answers, by pod name (the CRUD mock has no pods/log). */
    final Map<String, String> podLogs = new java.util.concurrent.ConcurrentHashMap<>();
    final KubernetesMockServer server;
    final KubernetesClient client;
    private final List<String> runnerWrites = new ArrayList<>();

    MockApi(String context) {
        this.context = context;
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new LogDispatcher(podLogs), false);
        server.init();
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(server.createClient().getConfiguration())
                .withCustomHeaders(Map.of(TEST_HEADER, "test")).build()).build();
    }

    /** CRUD plus pods/log from {@link #podLogs} and /version. */
    private static final class LogDispatcher extends KubernetesCrudDispatcher {
        private static final java.util.regex.Pattern LOG =
                java.util.regex.Pattern.compile("/api/v1/namespaces/[^/]+/pods/([^/?]+)/log(\\?.*)?");
        /** What a managed cluster's API server answers to GET /version (a distribution suffix on gitVersion). */
        private static final String VERSION = "{\"major\":\"1\",\"minor\":\"31+\",\"gitVersion\":\"v1.31.4-eks.2\"}";
        private final Map<String, String> logs;

        LogDispatcher(Map<String, String> logs) {
            super(List.of());
            this.logs = logs;
        }

        @Override
        public io.fabric8.mockwebserver.http.MockResponse dispatch(RecordedRequest request) {
            if ("GET".equals(request.getMethod()) && request.getPath().equals("/version")) {
                return new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(200).setBody(VERSION);
            }
            var m = LOG.matcher(request.getPath());
            if ("GET".equals(request.getMethod()) && m.matches()) {
                String log = logs.get(m.group(1));
                return log == null ? new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(404)
                        : new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(200).setBody(log);
            }
            return super.dispatch(request);
        }
    }

    String url() {
        return "http://" + server.getHostName() + ":" + server.getPort();
    }

    /** Every write (POST/PUT/PATCH/DELETE) the runner made since the server started, as "METHOD path". */
    synchronized List<String> runnerWrites() {
        try {
            RecordedRequest r;
            while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
                if (WRITES.contains(r.getMethod()) && r.getHeader(TEST_HEADER) == null) {
                    runnerWrites.add(r.getMethod() + " " + r.getPath().replaceFirst("\\?.*", ""));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.copyOf(runnerWrites);
    }

    /** A kubeconfig with one context per server (each context's namespace {@code ns}); the first is current. */
    static Path kubeconfig(Path dir, String ns, MockApi... apis) {
        java.util.Map<String, String> servers = new java.util.LinkedHashMap<>();
        for (MockApi x : apis) {
            servers.put(x.context, x.url());
        }
        return dev.runner.k8s.TestKubeconfig.write(dir, ns, servers);
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
