package dev.runner.pgbackrest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The exposition passes Prometheus's own linter ({@code promtool check metrics}, Debian package prometheus). */
class PromtoolCheckMetricsTest {

    /** Runs promtool with stdin; returns exit code and combined output. Fails (never skips) without promtool. */
    static String[] promtool(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("promtool"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is missing: run scripts/install-deps.sh test (Debian package prometheus)", e);
        }
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool hung: " + out);
        }
        return new String[] {String.valueOf(p.exitValue()), out};
    }

    @Test
    void everyFamilyPassesTheLinter() throws Exception {
        Instant now = BackupMetricsTest.INCR_STOP.plusSeconds(60);
        List<MetricFamily> fs = BackupMetrics.of(List.of(
                BackupMetrics.Reading.of(BackupMetricsTest.TARGET, BackupMetricsTest.inventory("archiver-failing.json", now)),
                BackupMetrics.Reading.failed(new BackupTarget("shop", "pg", "db"), "down")),
                now, Duration.ofMinutes(15), Optional.empty());
        assertEquals(15, fs.size(), "every family has a sample: " + fs.stream().map(MetricFamily::name).toList());
        String[] r = promtool(Exposition.TEXT.render(fs), "check", "metrics");
        assertEquals("0", r[0], r[1]);
        assertEquals("", r[1].strip(), "no lint findings");
    }

    @Test
    void theLinterCanFail() throws Exception {
        String[] r = promtool("# HELP x_seconds_total s\n# TYPE x_seconds_total gauge\nx_seconds_total 1\n", "check", "metrics");
        assertEquals("3", r[0], r[1]);
    }
}
