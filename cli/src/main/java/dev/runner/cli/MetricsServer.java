package dev.runner.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.runner.pgbackrest.metrics.Exposition;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The HTTP side of {@code runner backups --serve}: {@code GET /metrics} in the format the scraper's Accept header
 * asks for (OpenMetrics 1.0.0, else text 0.0.4), {@code GET /healthz} answers 200 while the exporter runs (a
 * liveness probe must not restart it because a database is down: that is what the metrics report).
 */
final class MetricsServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool;

    /** @param metrics renders the current metrics in the given format */
    MetricsServer(InetSocketAddress address, Function<Exposition, String> metrics) throws IOException {
        server = HttpServer.create(address, 16);
        pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/metrics", ex -> {
            if (allowed(ex)) {
                Exposition format = Exposition.negotiate(ex.getRequestHeaders().getFirst("Accept"));
                String body;
                try {
                    body = metrics.apply(format);
                } catch (RuntimeException e) {
                    send(ex, 500, "text/plain; charset=utf-8", "cannot render metrics: " + e.getMessage() + "\n");
                    return;
                }
                send(ex, 200, format.contentType(), body);
            }
        });
        server.createContext("/healthz", ex -> {
            if (allowed(ex)) {
                send(ex, 200, "text/plain; charset=utf-8", "ok\n");
            }
        });
        server.createContext("/", ex -> send(ex, 404, "text/plain; charset=utf-8", "not found: try /metrics or /healthz\n"));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static boolean allowed(HttpExchange ex) throws IOException {
        String m = ex.getRequestMethod();
        if (m.equals("GET") || m.equals("HEAD")) {
            return true;
        }
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n");
        return false;
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
