package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code runner backups -o openmetrics} and {@code --serve}: the exporter, through Main, against the mock API server. */
class BackupsMetricsCommandTest extends BackupsFixture {
    static final String LABELS = "{namespace=\"hasura\",deployment=\"postgres\",stanza=\"cap\"}";
    static final String OM_ACCEPT = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5";
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void openMetricsOnceIsExitZeroEvenWhenUnhealthy() {
        archiver = archiver(Instant.now().minus(20, ChronoUnit.MINUTES), Instant.now().minus(1, ChronoUnit.MINUTES));
        assertEquals(0, run("-o", "openmetrics"), err);
        assertTrue(out.endsWith("# EOF\n"), out);
        assertTrue(out.contains("# TYPE runner_backup_wal_archive_failures counter\n"), out);
        assertTrue(out.contains("runner_backup_wal_archive_failures_total" + LABELS + " 3\n"), out);
        assertTrue(out.contains("runner_backup_wal_archiving_healthy" + LABELS + " 0\n"), out);
        assertTrue(out.contains("runner_backup_sets" + LABELS + " 2\n"), out);
    }

    @Test
    void openMetricsOfAnUnreachableTargetIsUpZeroAndExitOne() {
        assertEquals(1, run("-n", "other", "--stanza", "db", "-o", "openmetrics"));
        assertTrue(out.contains("runner_backup_up{namespace=\"other\",deployment=\"postgres\",stanza=\"db\"} 0\n"), out);
        assertTrue(err.contains("no pod matching app=postgres in prod/other"), err);
    }

    @Test
    void serveNegotiatesTheFormatAndCachesTheReading() throws Exception {
        Served s = serve("--cache-ttl", "1h");
        try {
            HttpResponse<String> om = get(s.port, "/metrics", OM_ACCEPT);
            assertEquals(200, om.statusCode());
            assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8",
                    om.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(om.body().contains("runner_backup_wal_archiving_healthy" + LABELS + " 1\n"), om.body());
            assertTrue(om.body().endsWith("# EOF\n"));
            HttpResponse<String> text = get(s.port, "/metrics", null);
            assertEquals("text/plain; version=0.0.4; charset=utf-8", text.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(text.body().contains("# TYPE runner_backup_wal_archive_failures_total counter\n"), text.body());
            assertTrue(!text.body().contains("# EOF"));
            for (int i = 0; i < 5; i++) {
                get(s.port, "/metrics", OM_ACCEPT);
            }
            assertEquals(1, infoCalls(), "one reading serves every scrape within the TTL");
            assertEquals(200, get(s.port, "/healthz", null).statusCode());
            assertEquals(404, get(s.port, "/other", null).statusCode());
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
        } finally {
            assertEquals(3, s.stop(), "interrupted");
        }
    }

    @Test
    void serveReadsAgainAfterTheTtlAndShowsTheChange() throws Exception {
        Served s = serve("--cache-ttl", "0s");
        try {
            assertTrue(get(s.port, "/metrics", null).body().contains("runner_backup_wal_archiving_healthy" + LABELS + " 1\n"));
            archiver = archiver(Instant.now().minus(3, ChronoUnit.MINUTES), Instant.now());
            String body = get(s.port, "/metrics", null).body();
            assertTrue(body.contains("runner_backup_wal_archiving_healthy" + LABELS + " 0\n"), body);
            assertTrue(body.contains("runner_backup_wal_archive_failures_total" + LABELS + " 3\n"), body);
            assertEquals(2, infoCalls());
        } finally {
            s.stop();
        }
    }

    @Test
    void recordedRestoreDrillsShowInTheTableAndTheMetrics() {
        cluster.client.configMaps().inNamespace("hasura").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("runner-verify-postgres").endMetadata().addToData("history.jsonl",
                        "{\"ok\":true,\"message\":\"ok\",\"backupSet\":\"20261125-163837F\",\"seconds\":41,"
                                + "\"finished\":\"2026-11-25T17:00:00Z\"}\n{\"ok\":false,\"message\":\"expected '1042'\","
                                + "\"seconds\":12,\"finished\":\"2026-11-26T17:00:00Z\"}\n").build()).create();
        assertEquals(0, run());
        assertTrue(out.contains("last restore drill: FAILED (expected '1042') in 12s at 2026-11-26 17:00:00+00;"
                + " 2 kept: 1 ok, 1 failed\n"), out);
        assertEquals(0, run("-o", "openmetrics"));
        assertTrue(out.contains("runner_backup_verify_success" + LABELS + " 0\n"), out);
        assertTrue(out.contains("runner_backup_verify_last_run_timestamp_seconds" + LABELS + " 1795712400\n"), out);
        assertTrue(out.contains("runner_backup_verify_duration_seconds" + LABELS + " 12\n"), out);
        assertEquals(0, run("--deployment", "other", "-o", "openmetrics"));
        assertTrue(!out.contains("runner_backup_verify_success"), "drills are per Deployment: " + out);
    }

    @Test
    void badServeAddressIsAUsageError() {
        assertEquals(2, run("--serve", "9187"));
        assertTrue(err.contains("--serve: '9187' is not [HOST]:PORT"), err);
    }

    static long infoCalls() {
        synchronized (ScriptedPodExec.calls) {
            return ScriptedPodExec.calls.stream().filter(c -> c.contains("runner-pg.sh info")).count();
        }
    }

    HttpResponse<String> get(int port, String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    record Served(Thread thread, AtomicInteger code, int port) {
        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(10_000);
            return code.get();
        }
    }

    /** Starts {@code runner backups --serve 127.0.0.1:0} in a thread; the port from the line it prints. */
    Served serve(String... more) throws Exception {
        AtomicInteger code = new AtomicInteger(-1);
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("backups", "--kubeconfig", kubeconfig,
                "--serve", "127.0.0.1:0"));
        args.addAll(java.util.List.of(more));
        Thread t = new Thread(() -> code.set(dev.runner.cli.Main.run(args.toArray(String[]::new),
                new java.io.PrintStream(o, true, java.nio.charset.StandardCharsets.UTF_8), System.err, java.util.Map.of())));
        t.start();
        Pattern p = Pattern.compile("serving backup metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(o.toString(java.nio.charset.StandardCharsets.UTF_8));
            if (m.find()) {
                return new Served(t, code, Integer.parseInt(m.group(1)));
            }
            Thread.sleep(20);
        }
        t.interrupt();
        throw new AssertionError("--serve did not start: " + o);
    }
}
