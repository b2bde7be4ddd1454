package dev.runner.local.api;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The API server stand-in: fabric8's KubernetesMockServer in CRUD mode on 127.0.0.1 (plain HTTP), with the
 * {@link ClusterDispatcher} adding discovery, exec and logs.
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

    /** Starts on {@code port} (0 = any free port). */
    public ApiServer(int port) {
        allowChannelProtocolV5();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
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

    /** Connects the pods/exec and pods/log subresources to the kubelet. */
    public void backend(PodBackend backend) {
        dispatcher.backend(backend);
    }

    @Override
    public void close() {
        try {
            server.destroy();
        } catch (RuntimeException e) {
            // The mock server waits a bounded time for open connections (a kubectl exec stream still draining)
            // and then gives up; everything of ours is already stopped, so a late socket must not fail the caller.
            System.err.println("local cluster: API server closed with connections still open: " + e.getMessage());
        }
    }
}
