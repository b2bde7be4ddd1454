package dev.runner.local.datapath;

import dev.runner.local.proc.ManagedProcess;
import dev.runner.local.proc.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus server (Debian package prometheus) on 127.0.0.1: a free port, its own storage dir, one scrape
 * job, and rule files; queried through its HTTP API (https://prometheus.io/docs/prometheus/latest/querying/api/).
 */
final class PrometheusServer implements AutoCloseable {
    static final String BINARY = "/usr/bin/prometheus";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One element of an instant vector. */
    record Sample(Map<String, String> labels, double value) {
    }

    private final ManagedProcess process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static PrometheusServer start(Path dir, String job, String target, Duration scrapeInterval, List<Path> ruleFiles)
            throws IOException {
        Files.createDirectories(dir.resolve("data"));
        long s = scrapeInterval.toSeconds();
        StringBuilder cfg = new StringBuilder("global:\n  scrape_interval: " + s + "s\n  scrape_timeout: " + s
                + "s\n  evaluation_interval: " + s + "s\nrule_files:\n");
        ruleFiles.forEach(f -> cfg.append("  - ").append(f.toAbsolutePath()).append('\n'));
        cfg.append("scrape_configs:\n  - job_name: ").append(job).append("\n    static_configs:\n      - targets: ['")
                .append(target).append("']\n");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, cfg.toString());
        int port = Ports.free();
        ManagedProcess p = ManagedProcess.start("prometheus", List.of(BINARY, "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"), Map.of("PATH", System.getenv("PATH")), dir, dir.resolve("prometheus.log"));
        PrometheusServer server = new PrometheusServer(p, port);
        try {
            p.awaitReady(Duration.ofSeconds(60), server::ready);
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return server;
    }

    private boolean ready() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base() + "/-/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** GET an API path and return its {@code data}; fails on an error status. */
    JsonNode api(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode n = JSON.readTree(r.body());
        if (r.statusCode() != 200 || !"success".equals(n.path("status").asString())) {
            throw new IllegalStateException(pathAndQuery + ": " + r.statusCode() + " " + r.body());
        }
        return n.path("data");
    }

    /** An instant query (/api/v1/query). */
    List<Sample> query(String promql) throws IOException, InterruptedException {
        JsonNode data = api("/api/v1/query?query=" + urlEncode(promql));
        List<Sample> out = new ArrayList<>();
        for (JsonNode r : data.path("result")) {
            Map<String, String> labels = new java.util.TreeMap<>();
            r.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
            out.add(new Sample(labels, Double.parseDouble(r.path("value").get(1).asString())));
        }
        return out;
    }

    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    String logTail() {
        return process.logTail();
    }

    @Override
    public void close() {
        process.close();
    }
}
