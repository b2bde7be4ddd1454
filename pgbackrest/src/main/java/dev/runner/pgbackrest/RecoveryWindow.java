package dev.runner.pgbackrest;

import java.time.Instant;
import java.util.Optional;

/**
 * The span a restore from this repository can reach. It starts where the earliest backup became consistent
 * (its stop time and stop LSN: a target before that cannot be reached from any backup) and ends with the last
 * archived WAL segment (its end LSN is exact).
 *
 * <p>The time of that last segment is not in pgBackRest's info. When the database that archives into the
 * repository is running and its {@code pg_stat_archiver.last_archived_wal} is that very segment,
 * {@code last_archived_time} is used ({@link EndSource#ARCHIVER}). Otherwise the end time falls back to the
 * latest backup's stop ({@link EndSource#LATEST_BACKUP}): WAL up to there is certainly archived, because a
 * backup waits for its last segment to be; later WAL may exist but its time is unknown.
 *
 * @param start       consistency point (stop time) of the earliest backup
 * @param startLsn    stop LSN of the earliest backup
 * @param end         time of the last archived WAL, as far as it is known (see endSource)
 * @param endLsn      first LSN after the last archived WAL segment
 * @param lastWal     name of the last archived WAL segment (null when only the backups' own WAL is known)
 */
public record RecoveryWindow(BackupSet earliest, BackupSet latest, Instant start, Lsn startLsn, Instant end,
        EndSource endSource, Lsn endLsn, String lastWal) {

    public enum EndSource {
        ARCHIVER("time of the last archived WAL, from pg_stat_archiver"),
        LATEST_BACKUP("stop time of the latest backup; the time of WAL archived after it is not known");

        private final String meaning;

        EndSource(String meaning) {
            this.meaning = meaning;
        }

        public String meaning() {
            return meaning;
        }
    }

    /**
     * The window of a stanza; empty when it has no usable backup.
     *
     * @param archiver        pg_stat_archiver of the running database, if it could be asked
     * @param runningSystemId that database's system identifier; the archiver's time counts only when it is the
     *                        repository's own database
     */
    public static Optional<RecoveryWindow> of(StanzaInfo info, Optional<ArchiverStatus> archiver, String runningSystemId) {
        if (!info.usable()) {
            return Optional.empty();
        }
        BackupSet first = info.earliest().orElseThrow();
        BackupSet last = info.latest().orElseThrow();
        ArchiveRange archive = info.currentArchive();
        String lastWal = archive.max();
        Lsn endLsn = lastWal != null ? WalSegment.parse(lastWal).end() : last.lsnStop();
        if (endLsn.compareTo(last.lsnStop()) < 0) {
            endLsn = last.lsnStop();
        }
        boolean sameDb = runningSystemId != null && runningSystemId.equals(info.systemId());
        Optional<Instant> archived = archiver.filter(a -> sameDb && lastWal != null && lastWal.equals(a.lastArchivedWal()))
                .map(ArchiverStatus::lastArchivedTime)
                .filter(t -> !t.isBefore(last.stop()));
        return Optional.of(new RecoveryWindow(first, last, first.stop(), first.lsnStop(),
                archived.orElse(last.stop()), archived.isPresent() ? EndSource.ARCHIVER : EndSource.LATEST_BACKUP,
                endLsn, lastWal));
    }

    /** {@code 2026-11-20 02:00:07+00 (backup X) → 2026-11-25 16:38:45+00 (WAL Y)}. */
    public String describe() {
        return Times.utc(start) + " (backup " + earliest.label() + " consistent) → " + Times.utc(end)
                + (endSource == EndSource.ARCHIVER ? " (last archived WAL " + lastWal + ")"
                        : " (latest backup " + latest.label() + " stopped; WAL archived up to "
                                + (lastWal == null ? "its end" : lastWal) + ", time unknown)")
                + "; LSN " + startLsn + " → " + endLsn;
    }
}
