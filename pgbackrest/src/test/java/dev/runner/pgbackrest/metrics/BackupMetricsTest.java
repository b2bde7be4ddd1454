package dev.runner.pgbackrest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.pgbackrest.ArchiverStatus;
import dev.runner.pgbackrest.Docs;
import dev.runner.pgbackrest.Inventory;
import dev.runner.pgbackrest.RecoveryWindow;
import dev.runner.pgbackrest.StanzaInfo;
import dev.runner.pgbackrest.VerifyRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackupMetricsTest {
    static final BackupTarget TARGET = new BackupTarget("hasura", "postgres", null);
    /** Full backup stopped at 1795624721, the incr at 1795624724 (2026-11-25 16:38:44 UTC). */
    static final Instant INCR_STOP = Instant.ofEpochSecond(1795624724);

    static Inventory inventory(String archiverDoc, Instant now) {
        StanzaInfo s = Docs.stanza(Docs.FULL_INCR);
        Optional<ArchiverStatus> a = Optional.ofNullable(archiverDoc).map(d -> ArchiverStatus.parse(Docs.read(d)));
        return new Inventory("hasura/postgres-1/postgres", s, RecoveryWindow.of(s, a, Docs.SYSTEM_ID), Docs.SYSTEM_ID, a,
                archiverDoc == null ? "connection refused" : null, now);
    }

    static List<MetricFamily> metrics(Inventory inv, Instant now) {
        return BackupMetrics.of(List.of(BackupMetrics.Reading.of(TARGET, inv)), now, Duration.ofMinutes(15),
                Optional.empty());
    }

    static double value(List<MetricFamily> fs, String name, Map<String, String> extra) {
        MetricFamily f = fs.stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no family " + name + " in " + fs));
        return f.samples().stream().filter(s -> s.labels().entrySet().containsAll(extra.entrySet())).findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + extra + " in " + f)).value();
    }

    static double value(List<MetricFamily> fs, String name) {
        return value(fs, name, Map.of());
    }

    @Test
    void healthyTargetHasEveryFact() {
        Instant now = INCR_STOP.plusSeconds(90);
        List<MetricFamily> fs = metrics(inventory("archiver-ok.json", now), INCR_STOP.plusSeconds(30));
        assertEquals(Map.of("namespace", "hasura", "deployment", "postgres", "stanza", "cap"),
                fs.get(0).samples().get(0).labels(), "stanza label from the repository");
        assertEquals(1, value(fs, "runner_backup_up"));
        assertEquals(1, value(fs, "runner_backup_healthy"));
        assertEquals(0, value(fs, "runner_backup_repository_status_code"));
        assertEquals(1795624721, value(fs, "runner_backup_last_success_timestamp_seconds", Map.of("type", "full")));
        assertEquals(1795624724, value(fs, "runner_backup_last_success_timestamp_seconds", Map.of("type", "incr")));
        assertEquals(30, value(fs, "runner_backup_age_seconds"), "age as of the render, not of the reading");
        assertEquals(2, value(fs, "runner_backup_sets"));
        assertEquals(4533164 + 102230, value(fs, "runner_backup_repository_size_bytes"));
        assertEquals(1795624721, value(fs, "runner_backup_window_start_timestamp_seconds"));
        assertEquals(1795624724, value(fs, "runner_backup_window_end_timestamp_seconds"));
        assertEquals(1795624725.765514, value(fs, "runner_backup_wal_last_archived_timestamp_seconds"), 1e-6);
        assertEquals(7, value(fs, "runner_backup_wal_archived"));
        assertEquals(0, value(fs, "runner_backup_wal_archive_failures"));
        assertEquals(1, value(fs, "runner_backup_wal_archiving_healthy"));
        assertFalse(fs.stream().anyMatch(f -> f.name().equals("runner_backup_wal_last_failure_timestamp_seconds")),
                "no failure, no series");
        MetricFamily failures = fs.stream().filter(f -> f.name().equals("runner_backup_wal_archive_failures")).findFirst()
                .orElseThrow();
        assertEquals(1795624707.62165, failures.samples().get(0).created(), 1e-6, "counting since stats_reset");
    }

    @Test
    void failingArchiverClearsTheHealthGauges() {
        Instant now = INCR_STOP.plusSeconds(120);
        List<MetricFamily> fs = metrics(inventory("archiver-failing.json", now), now);
        assertEquals(4, value(fs, "runner_backup_wal_archive_failures"));
        assertEquals(1795624810.151107, value(fs, "runner_backup_wal_last_failure_timestamp_seconds"), 1e-6);
        assertEquals(0, value(fs, "runner_backup_wal_archiving_healthy"));
        assertEquals(0, value(fs, "runner_backup_healthy"));
    }

    @Test
    void staleArchivingIsUnhealthyAndAnUnreachableDatabaseToo() {
        Instant late = INCR_STOP.plus(Duration.ofMinutes(20));
        assertEquals(0, value(metrics(inventory("archiver-ok.json", late), late), "runner_backup_wal_archiving_healthy"));
        List<MetricFamily> down = metrics(inventory(null, INCR_STOP), INCR_STOP);
        assertEquals(0, value(down, "runner_backup_wal_archiving_healthy"));
        assertEquals(1, value(down, "runner_backup_up"), "the repository answered");
        assertEquals(2, value(down, "runner_backup_sets"));
    }

    @Test
    void lastRestoreDrill() {
        VerifyRecord passed = new VerifyRecord(INCR_STOP.plusSeconds(600), true, "ok", "20261125-163837F", 42.5,
                64L * 1024 * 1024, 8.0);
        BackupMetrics.Reading r = BackupMetrics.Reading.of(TARGET, inventory("archiver-ok.json", INCR_STOP))
                .withVerify(Optional.of(passed));
        List<MetricFamily> fs = BackupMetrics.of(List.of(r), INCR_STOP, Duration.ofMinutes(15), Optional.empty());
        assertEquals(1, value(fs, "runner_backup_verify_success"));
        assertEquals(1795625324, value(fs, "runner_backup_verify_last_run_timestamp_seconds"));
        assertEquals(42.5, value(fs, "runner_backup_verify_duration_seconds"));
        assertEquals(8 * 1024 * 1024, value(fs, "runner_backup_verify_wal_replay_bytes_per_second"));
        VerifyRecord failed = new VerifyRecord(INCR_STOP, false, "restore failed (exit 1)", "", 3, null, null);
        List<MetricFamily> f2 = BackupMetrics.of(List.of(r.withVerify(Optional.of(failed))), INCR_STOP,
                Duration.ofMinutes(15), Optional.empty());
        assertEquals(0, value(f2, "runner_backup_verify_success"));
        assertFalse(f2.stream().anyMatch(f -> f.name().equals("runner_backup_verify_wal_replay_bytes_per_second")),
                "not measured, not exported");
    }

    @Test
    void unreadableTargetIsUpZeroAndNothingElse() {
        List<MetricFamily> fs = BackupMetrics.of(List.of(BackupMetrics.Reading.failed(TARGET.withStanza("db"), "boom")),
                INCR_STOP, Duration.ofMinutes(15), Optional.empty());
        assertEquals(1, fs.size(), fs.toString());
        assertEquals(0, value(fs, "runner_backup_up"));
    }

    @Test
    void severalTargetsShareOneFamilyEach() {
        Inventory inv = inventory("archiver-ok.json", INCR_STOP);
        List<MetricFamily> fs = BackupMetrics.of(List.of(BackupMetrics.Reading.of(TARGET, inv),
                BackupMetrics.Reading.of(new BackupTarget("shop", "pg", null), inv)), INCR_STOP, Duration.ofMinutes(15),
                Optional.empty());
        MetricFamily sets = fs.stream().filter(f -> f.name().equals("runner_backup_sets")).findFirst().orElseThrow();
        assertEquals(2, sets.samples().size());
        assertEquals(fs.size(), fs.stream().map(MetricFamily::name).distinct().count());
        assertTrue(fs.stream().allMatch(f -> !f.help().isBlank()));
    }
}
