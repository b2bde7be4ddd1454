package dev.runner.local.api;

import dev.runner.local.api.admission.AdmissionPlugin;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import dev.runner.local.api.auth.ServiceAccountTokens;
import dev.runner.local.store.TlsCert;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Set;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import tools.jackson.databind.JsonNode;

/**
 * The API server stand-in: fabric8's KubernetesMockServer in CRUD mode on 127.0.0.1 (plain HTTP, plus an HTTPS
 * listener for in-cluster clients) as the storage, with the {@link ClusterDispatcher} running the request path in
 * front of it — the {@link SecurityStages} (authentication, RBAC, their admission), request filters, per-kind
 * strategies, admission plugins — and adding discovery, exec and logs.
 */
public final class ApiServer implements AutoCloseable {
    // Held strongly: java.util.logging forgets levels set on loggers nobody references.
    private static final List<Logger> QUIET = List.of(Logger.getLogger("io.fabric8.mockwebserver"),
            Logger.getLogger("io.vertx"), Logger.getLogger("io.netty"));

    static {
        // the mock server logs every request at INFO; netty/vert.x report shutdown races of closed connections
        QUIET.get(0).setLevel(Level.WARNING);
        QUIET.get(1).setLevel(Level.SEVERE);
        QUIET.get(2).setLevel(Level.OFF);
    }

    private final ClusterDispatcher dispatcher = new ClusterDispatcher();
    private final KubernetesMockServer server;
    private final Path tlsDir;
    private final TlsCert cert;
    private final TlsFront tls;
    private final String caPem;

    /**
     * Starts on {@code port} (0 = any free port) plus an HTTPS listener on a free port; {@code adminToken} is the
     * bearer token of the cluster admin (the kubeconfig's user), every other caller is authorized by RBAC.
     */
    public ApiServer(int port, String adminToken) {
        allowChannelProtocolV5();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), port);
            tlsDir = Files.createTempDirectory("runner-api-tls");
            cert = TlsCert.create(tlsDir);
            tls = new TlsFront(cert.keystore(), cert.keystorePassword(), server.getPort());
            caPem = Files.readString(cert.certPem());
            SecurityStages.Store store = new SecurityStages.Store() {
                @Override
                public JsonNode read(String path) {
                    return dispatcher.read(path);
                }

                @Override
                public MockResponse create(String path, byte[] body) {
                    return dispatcher.create(path, body);
                }
            };
            SecurityStages stages = new SecurityStages(store, Set.of(adminToken), new ServiceAccountTokens(), caPem);
            stages.bootstrap();
            dispatcher.security(stages);
        } catch (IOException e) {
            server.destroy();
            throw new UncheckedIOException(e);
        }
        dispatcher.serverAddress("127.0.0.1:" + server.getPort());
    }

    /**
     * The mock server offers the websocket subprotocols v1–v4.channel.k8s.io; kubectl exec (1.30+) asks only for
     * v5, whose frames are v4's plus a close signal that {@link ExecListener} understands. The list is a private
     * array read at server start, so v1 (unused by any current client) is swapped for v5 in place.
     */
    private static void allowChannelProtocolV5() {
        try {
            var field = MockWebServer.class.getDeclaredField("SUPPORTED_WEBSOCKET_SUB_PROTOCOLS");
            field.setAccessible(true);
            String[] protocols = (String[]) field.get(null);
            for (int i = 0; i < protocols.length; i++) {
                if (protocols[i].equals("v1.channel.k8s.io")) {
                    protocols[i] = "v5.channel.k8s.io";
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // kubectl exec then falls back and fails; fabric8 (v4) is unaffected
        }
    }

    public int port() {
        return server.getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The HTTPS listener's port (what pods get as KUBERNETES_SERVICE_PORT). */
    public int securePort() {
        return tls.port();
    }

    public String secureUrl() {
        return "https://127.0.0.1:" + securePort();
    }

    /** The PEM text of {@link #caCertificate()}. */
    public String caPem() {
        return caPem;
    }

    /** The PEM certificate the HTTPS listener presents, self-signed for IP 127.0.0.1 (the pods' ca.crt). */
    public Path caCertificate() {
        return cert.certPem();
    }

    /** Connects the pods/exec and pods/log subresources to the kubelet. */
    public void backend(PodBackend backend) {
        dispatcher.backend(backend);
    }

    /**
     * Adds a stage that runs before every handler, after those added before it (authentication first, then
     * authorization). https://kubernetes.io/docs/concepts/security/controlling-access/
     */
    public void addFilter(RequestFilter filter) {
        dispatcher.addFilter(filter);
    }

    /** Adds an admission plugin, after those added before it; it sees creates and updates of the modelled kinds. */
    public void addAdmission(AdmissionPlugin plugin) {
        dispatcher.admission().add(plugin);
    }

    @Override
    public void close() {
        tls.close();
        try (var files = Files.list(tlsDir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(tlsDir);
        } catch (IOException e) {
            // a temporary directory; the OS cleans it eventually
        }
        try {
            server.destroy();
        } catch (RuntimeException e) {
            // The mock server waits a bounded time for open connections (a kubectl exec stream still draining)
            // and then gives up; everything of ours is already stopped, so a late socket must not fail the caller.
            System.err.println("local cluster: API server closed with connections still open: " + e.getMessage());
        }
    }
}
