package dev.runner.k8s;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
        StringBuilder sb = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
        for (MockCluster c : clusters) {
            sb.append("- name: ").append(c.name).append("\n  cluster:\n    server: ").append(c.url()).append('\n');
        }
        sb.append("users:\n- name: u\n  user:\n    token: not-a-secret\ncontexts:\n");
        for (MockCluster c : clusters) {
            sb.append("- name: ").append(c.name).append("\n  context:\n    cluster: ").append(c.name)
                    .append("\n    user: u\n    namespace: ").append(ns).append('\n');
        }
        sb.append("current-context: ").append(clusters[0].name).append('\n');
        try {
            Path p = dir.resolve("kubeconfig");
            Files.writeString(p, sb);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
