package dev.runner.pgbackrest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The exposition passes Prometheus's own linter ({@code promtool check metrics}, Debian package prometheus). */
class PromtoolCheckMetricsTest {

    @Test
    void everyFamilyPassesTheLinter() throws Exception {
        Instant now = BackupMetricsTest.INCR_STOP.plusSeconds(60);
        List<MetricFamily> fs = BackupMetrics.of(List.of(
                BackupMetrics.Reading.of(BackupMetricsTest.TARGET, BackupMetricsTest.inventory("archiver-failing.json", now))
                        .withVerify(Optional.of(new dev.runner.pgbackrest.VerifyRecord(now, true, "ok", "x", 12, 1000L, 2.0))),
                BackupMetrics.Reading.failed(new BackupTarget("shop", "pg", "db"), "down")),
                now, Duration.ofMinutes(15), Optional.empty());
        assertEquals(BackupMetrics.seriesNames().size(), fs.size(), "every family has a sample: " + fs.stream().map(MetricFamily::name).toList());
        Promtool.Result r = Promtool.run(null, Exposition.TEXT.render(fs), "check", "metrics");
        assertEquals(0, r.code(), r.output());
        assertEquals("", r.output().strip(), "no lint findings");
    }

    @Test
    void theLinterCanFail() throws Exception {
        Promtool.Result r = Promtool.run(null, "# HELP x_seconds_total s\n# TYPE x_seconds_total gauge\nx_seconds_total 1\n",
                "check", "metrics");
        assertEquals(3, r.code(), r.output());
    }
}
