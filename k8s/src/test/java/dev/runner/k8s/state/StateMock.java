package dev.runner.k8s.state;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;

/** fabric8's mock API server in CRUD mode (it checks resourceVersion on update: a stale one answers 409). */
final class StateMock implements AutoCloseable {
    static final String NS = "db";
    final KubernetesMockServer server;
    final NamespacedKubernetesClient client;

    StateMock() {
        var responses = new HashMap<io.fabric8.mockwebserver.ServerRequest,
                java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = server.createClient();
    }

    ClusterState state(Limits limits, Clock clock) {
        return new ClusterState(client, "test", NS, limits, clock);
    }

    List<ConfigMap> configMaps() {
        return client.configMaps().inNamespace(NS).list().getItems();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
