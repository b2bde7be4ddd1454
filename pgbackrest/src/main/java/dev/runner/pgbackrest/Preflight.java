package dev.runner.pgbackrest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides, before anything changes, whether a recovery target can be reached from a repository and which
 * backup set pgBackRest must restore for it: the latest one that became consistent at or before the target
 * (pgBackRest picks that itself only for time targets; for an LSN the set must be given, or it would restore the
 * latest and recovery would fail before its consistency point).
 */
public final class Preflight {
    /** How far past "now" a time target may lie (clock skew between this machine and the database). */
    static final java.time.Duration SKEW = java.time.Duration.ofMinutes(1);

    private Preflight() {
    }

    /** The outcome: the backup set to restore, the window, and warnings for what could not be checked. */
    public record Verdict(RecoveryTarget target, BackupSet backupSet, RecoveryWindow window, List<String> warnings) {
        public Verdict {
            warnings = List.copyOf(warnings);
        }

        public String summary() {
            return "target " + target + " is inside the recoverable window " + window.describe()
                    + "; restoring backup set " + backupSet.label() + " (" + backupSet.type() + ", consistent at "
                    + Times.utc(backupSet.stop()) + ")";
        }
    }

    /** @throws TargetException when the target cannot be reached, saying what the window is */
    public static Verdict check(RecoveryTarget target, StanzaInfo info, Optional<ArchiverStatus> archiver,
            String runningSystemId, Instant now) {
        if (info.statusCode() != 0 && info.statusCode() != 2 && info.statusCode() != 6) {
            throw new TargetException("the repository is not usable: pgBackRest says '" + info.statusMessage()
                    + "' (stanza " + info.name() + ")");
        }
        RecoveryWindow w = RecoveryWindow.of(info, archiver, runningSystemId).orElseThrow(() -> new TargetException(
                "the repository has no backup of stanza " + info.name() + ": nothing to restore from"
                        + (info.currentArchive().empty() ? "" : " (WAL is archived, but recovery needs a backup to start from)")));
        List<String> warnings = new ArrayList<>();
        BackupSet set = switch (target.kind()) {
            case LATEST -> w.latest();
            case TIME -> forTime(target.time(), info, w, now, warnings);
            case LSN -> forLsn(target.lsn(), info, w);
            case XID, NAME -> {
                warnings.add("a " + target.kind().name().toLowerCase() + " target cannot be placed in the window"
                        + " before the restore: backup set " + w.latest().label() + " (consistent at "
                        + Times.utc(w.latest().stop()) + ") is used, so the " + (target.kind() == RecoveryTarget.Kind.XID
                                ? "transaction must have committed" : "restore point must have been created")
                        + " after that; otherwise give backupSet");
                yield w.latest();
            }
        };
        if (set.error()) {
            warnings.add("backup set " + set.label() + " has page checksum errors (pgBackRest flagged it)");
        }
        return new Verdict(target, set, w, warnings);
    }

    private static BackupSet forTime(Instant t, StanzaInfo info, RecoveryWindow w, Instant now, List<String> warnings) {
        if (t.isBefore(w.start())) {
            throw new TargetException("target time " + Times.utc(t) + " is before the recoverable window: the earliest"
                    + " backup (" + w.earliest().label() + ") became consistent at " + Times.utc(w.start())
                    + ". Recoverable window: " + w.describe());
        }
        if (t.isAfter(now.plus(SKEW))) {
            throw new TargetException("target time " + Times.utc(t) + " is in the future (now is " + Times.utc(now)
                    + "). Recoverable window: " + w.describe());
        }
        if (t.isAfter(w.end())) {
            if (w.endSource() == RecoveryWindow.EndSource.ARCHIVER) {
                throw new TargetException("target time " + Times.utc(t) + " is after the last archived WAL ("
                        + w.lastWal() + ", archived at " + Times.utc(w.end()) + "): that WAL is not in the repository,"
                        + " so recovery could not reach it. Recoverable window: " + w.describe());
            }
            warnings.add("target time " + Times.utc(t) + " is after the latest backup's stop (" + Times.utc(w.end())
                    + "); WAL is archived up to " + (w.lastWal() == null ? "that backup" : w.lastWal())
                    + " but its time is not known here (the source database's pg_stat_archiver was not available)."
                    + " If no transaction committed after the target is archived, recovery stops with 'recovery ended"
                    + " before configured recovery target was reached'");
        }
        return last(info, b -> !b.stop().isAfter(t));
    }

    private static BackupSet forLsn(Lsn lsn, StanzaInfo info, RecoveryWindow w) {
        if (lsn.compareTo(w.startLsn()) < 0) {
            throw new TargetException("target lsn " + lsn + " is before the recoverable window: the earliest backup ("
                    + w.earliest().label() + ") became consistent at LSN " + w.startLsn() + ". Recoverable window: "
                    + w.describe());
        }
        if (lsn.compareTo(w.endLsn()) > 0) {
            throw new TargetException("target lsn " + lsn + " is after the last archived WAL ("
                    + (w.lastWal() == null ? "end of the latest backup" : w.lastWal()) + ", which ends at LSN "
                    + w.endLsn() + "). Recoverable window: " + w.describe());
        }
        return last(info, b -> b.lsnStop().compareTo(lsn) <= 0);
    }

    private static BackupSet last(StanzaInfo info, java.util.function.Predicate<BackupSet> usable) {
        List<BackupSet> sets = info.currentBackups().stream().filter(usable).toList();
        return sets.get(sets.size() - 1);   // the window check guarantees the earliest qualifies
    }
}
