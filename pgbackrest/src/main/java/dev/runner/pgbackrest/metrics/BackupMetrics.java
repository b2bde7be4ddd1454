package dev.runner.pgbackrest.metrics;

import dev.runner.pgbackrest.ArchiverStatus;
import dev.runner.pgbackrest.BackupSet;
import dev.runner.pgbackrest.Inventory;
import dev.runner.pgbackrest.VerifyRecord;
import dev.runner.pgbackrest.metrics.MetricFamily.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The metrics of {@code runner backups}: for each target, the facts of its {@link Inventory} as gauges and
 * counters. Times are exported as Unix timestamps in seconds (so a rule can compare them with {@code time()}),
 * and, because an age is what people alert on, the backup's age too, computed when rendered.
 */
public final class BackupMetrics {
    static final String P = "runner_backup_";

    /** One target's reading: its inventory, or why it could not be read, and its last restore drill if any. */
    public record Reading(BackupTarget target, Optional<Inventory> inventory, String error,
            Optional<VerifyRecord> verify) {
        public static Reading of(BackupTarget target, Inventory inv) {
            return new Reading(target.withStanza(inv.stanza().name()), Optional.of(inv), null, Optional.empty());
        }

        public static Reading failed(BackupTarget target, String error) {
            return new Reading(target, Optional.empty(), error, Optional.empty());
        }

        public Reading withVerify(Optional<VerifyRecord> last) {
            return new Reading(target, inventory, error, last);
        }
    }

    private final Map<String, MetricFamily> families = new LinkedHashMap<>();

    private BackupMetrics() {
        gauge("up", "", "1 when the backup repository could be read for this target, 0 when it could not"
                + " (the exporter logs why).");
        gauge("healthy", "", "1 when runner backups finds no problem (repository, database, archiving, backup age),"
                + " else 0.");
        gauge("repository_status_code", "", "pgBackRest's stanza status code: 0 ok, 1 missing stanza path,"
                + " 2 no valid backups, 3 missing stanza data, 4 different cipher, 6 backup/expire running, 99 other.");
        gauge("last_success_timestamp_seconds", "seconds", "When the latest successful backup of each type"
                + " (full, diff, incr) became consistent (its stop time), as a Unix timestamp.");
        gauge("age_seconds", "seconds", "Seconds since the latest successful backup (any type) became consistent.");
        gauge("sets", "", "Backup sets of the current database held in the repository.");
        gauge("repository_size_bytes", "bytes", "Bytes the backup sets occupy in the repository"
                + " (sum of each set's own delta; archived WAL not included).");
        gauge("database_size_bytes", "bytes", "Size of the database in the latest backup set.");
        gauge("window_start_timestamp_seconds", "seconds", "Earliest point a restore can reach: the earliest backup's"
                + " consistency point, as a Unix timestamp.");
        gauge("window_end_timestamp_seconds", "seconds", "Latest point a restore can reach: the last archived WAL"
                + " (or the latest backup's stop when that WAL's time is unknown), as a Unix timestamp.");
        gauge("wal_last_archived_timestamp_seconds", "seconds", "When the database last archived a WAL segment"
                + " (pg_stat_archiver.last_archived_time), as a Unix timestamp.");
        counter("wal_archived", "WAL segments the database archived since its statistics were reset"
                + " (pg_stat_archiver.archived_count).");
        counter("wal_archive_failures", "Failed attempts to archive a WAL segment since the database's statistics"
                + " were reset (pg_stat_archiver.failed_count).");
        gauge("wal_last_failure_timestamp_seconds", "seconds", "When archiving a WAL segment last failed"
                + " (pg_stat_archiver.last_failed_time), as a Unix timestamp.");
        gauge("wal_archiving_healthy", "", "1 when the latest archive attempt succeeded and the last archived WAL"
                + " is younger than the allowed age, else 0.");
        gauge("verify_success", "", "1 when the last restore drill (verify-backup) restored, recovered and passed"
                + " its check, else 0.");
        gauge("verify_last_run_timestamp_seconds", "seconds", "When the last restore drill finished, as a Unix"
                + " timestamp.");
        gauge("verify_duration_seconds", "seconds", "How long the last restore drill took from restore start to"
                + " the checked answer: the measured recovery time (RTO) of this backup.");
        gauge("verify_wal_replay_bytes_per_second", "bytes_per_second", "WAL bytes the last restore drill replayed"
                + " per second of recovery.");
    }

    /**
     * @param now           the moment ages are computed for
     * @param maxArchiveAge archiving counts as stale (unhealthy) beyond this age of the last archived WAL
     * @param maxBackupAge  the backup age that makes a target unhealthy, if checked
     */
    public static List<MetricFamily> of(List<Reading> readings, Instant now, Duration maxArchiveAge,
            Optional<Duration> maxBackupAge) {
        BackupMetrics m = new BackupMetrics();
        for (Reading r : readings) {
            m.add(r, now, maxArchiveAge, maxBackupAge);
        }
        return m.families.values().stream().filter(f -> !f.samples().isEmpty()).toList();
    }

    /** The name of every series this exporter can write (a counter's with {@code _total}). */
    public static List<String> seriesNames() {
        return new BackupMetrics().families.values().stream().map(MetricFamily::sampleName).toList();
    }

    private void add(Reading r, Instant now, Duration maxArchiveAge, Optional<Duration> maxBackupAge) {
        Map<String, String> labels = r.target().labels();
        set("up", labels, r.inventory().isPresent() ? 1 : 0);
        r.verify().ifPresent(v -> {
            set("verify_success", labels, v.ok() ? 1 : 0);
            set("verify_last_run_timestamp_seconds", labels, seconds(v.finished()));
            set("verify_duration_seconds", labels, v.seconds());
            v.walReplayRate().ifPresent(rate -> set("verify_wal_replay_bytes_per_second", labels, rate));
        });
        if (r.inventory().isEmpty()) {
            return;
        }
        Inventory inv = r.inventory().get();
        set("healthy", labels, inv.problems(maxArchiveAge, maxBackupAge).isEmpty() ? 1 : 0);
        set("repository_status_code", labels, inv.stanza().statusCode());
        List<BackupSet> sets = inv.stanza().currentBackups();
        Map<String, BackupSet> latestByType = new TreeMap<>();
        sets.forEach(b -> latestByType.put(b.type(), b));
        latestByType.forEach((type, b) -> set("last_success_timestamp_seconds", with(labels, "type", type), seconds(b.stop())));
        inv.stanza().latest().ifPresent(b -> {
            set("age_seconds", labels, Math.max(0, Duration.between(b.stop(), now).toMillis() / 1000.0));
            set("database_size_bytes", labels, b.size());
        });
        set("sets", labels, sets.size());
        set("repository_size_bytes", labels, inv.stanza().backups().stream().mapToLong(BackupSet::repoDelta).sum());
        inv.window().ifPresent(w -> {
            set("window_start_timestamp_seconds", labels, seconds(w.start()));
            set("window_end_timestamp_seconds", labels, seconds(w.end()));
        });
        inv.archiver().ifPresent(a -> archiver(labels, a));
        boolean archivingOk = inv.databaseProblem() == null && inv.archiver()
                .map(a -> a.problems(now, maxArchiveAge).isEmpty()).orElse(false);
        set("wal_archiving_healthy", labels, archivingOk ? 1 : 0);
    }

    private void archiver(Map<String, String> labels, ArchiverStatus a) {
        Double created = a.statsReset() == null ? null : seconds(a.statsReset());
        if (a.lastArchivedTime() != null) {
            set("wal_last_archived_timestamp_seconds", labels, seconds(a.lastArchivedTime()));
        }
        sample("wal_archived", new MetricFamily.Sample(labels, a.archivedCount(), created));
        sample("wal_archive_failures", new MetricFamily.Sample(labels, a.failedCount(), created));
        if (a.lastFailedTime() != null) {
            set("wal_last_failure_timestamp_seconds", labels, seconds(a.lastFailedTime()));
        }
    }

    private void gauge(String name, String unit, String help) {
        families.put(name, new MetricFamily(P + name, Type.GAUGE, unit, help));
    }

    private void counter(String name, String help) {
        families.put(name, new MetricFamily(P + name, Type.COUNTER, "", help));
    }

    private void set(String name, Map<String, String> labels, double value) {
        sample(name, new MetricFamily.Sample(labels, value, null));
    }

    private void sample(String name, MetricFamily.Sample sample) {
        MetricFamily f = families.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no metric family " + name);
        }
        families.put(name, f.with(sample));
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(labels);
        m.put(key, value);
        return m;
    }

    static double seconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }
}
