package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.pgbackrest.metrics.BackupMetrics;
import dev.runner.pgbackrest.metrics.Promtool;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The alert rules in monitoring/ are valid, behave as their promtool unit tests say, and use only real series. */
class MonitoringRulesTest {
    static final File DIR = new File("monitoring");
    static final String RULES = "runner-backup-alerts.yaml";

    @Test
    void rulesAreValid() throws Exception {
        Promtool.Result r = Promtool.run(DIR, "", "check", "rules", RULES);
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("SUCCESS: 9 rules found"), r.output());
    }

    @Test
    void rulesPassTheirUnitTests() throws Exception {
        Promtool.Result r = Promtool.run(DIR, "", "test", "rules", "runner-backup-alerts.test.yaml",
                "runner-backup-alerts-days.test.yaml");
        assertEquals(0, r.code(), r.output());
        assertEquals(2, r.output().split("SUCCESS", -1).length - 1, r.output());
    }

    @Test
    void aBrokenExpectationFails() throws Exception {
        Path broken = Files.createTempFile(DIR.toPath().toAbsolutePath(), "broken", ".test.yaml");
        try {
            Files.writeString(broken, Files.readString(DIR.toPath().resolve("runner-backup-alerts.test.yaml"))
                    .replace("'28200+60x29 0+60x10'", "'0+60x40'"));
            Promtool.Result r = Promtool.run(DIR, "", "test", "rules", broken.getFileName().toString());
            assertEquals(1, r.code(), r.output());
            assertTrue(r.output().contains("alertname: RunnerBackupTooOld"), r.output());
        } finally {
            Files.delete(broken);
        }
    }

    @Test
    void rulesUseOnlySeriesTheExporterWrites() throws Exception {
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("runner_backup_[a-z_]+").matcher(Files.readString(DIR.toPath().resolve(RULES)));
        while (m.find()) {
            used.add(m.group());
        }
        List<String> written = BackupMetrics.seriesNames();
        used.removeAll(written);
        assertEquals(Set.of(), used, "series in the rules that runner backups --serve does not write: " + written);
    }
}
