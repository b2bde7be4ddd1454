package dev.runner.k8s;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's mock API server in CRUD mode, with expectations taking precedence (for fault injection), and a
 * kubeconfig file naming one context per server.
 */
final class MockCluster implements AutoCloseable {
    final String name;
    final KubernetesMockServer server;
    final NamespacedKubernetesClient client;

    MockCluster(String name) {
        this.name = name;
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = server.createClient();
    }

    String url() {
        return "http://" + server.getHostName() + ":" + server.getPort();
    }

    /** Requests served so far. */
    int requests() {
        return server.getRequestCount();
    }

    /** Method and path of every request served since the last call. */
    List<String> drainRequests() {
        List<String> out = new ArrayList<>();
        try {
            while (true) {
                var r = server.takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (r == null) {
                    return out;
                }
                out.add(r.getMethod() + " " + r.getPath());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return out;
        }
    }

    /** Writes a kubeconfig with one context per cluster (namespace {@code ns}); the first is current. */
    static Path kubeconfig(Path dir, String ns, MockCluster... clusters) {
        java.util.Map<String, String> servers = new java.util.LinkedHashMap<>();
        for (MockCluster x : clusters) {
            servers.put(x.name, x.url());
        }
        return TestKubeconfig.write(dir, ns, servers);
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
