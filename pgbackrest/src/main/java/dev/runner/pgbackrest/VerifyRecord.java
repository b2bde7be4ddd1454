package dev.runner.pgbackrest;

import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of one restore drill (workflows/verify-backup.yaml, {@code runner-pg.sh verify}): whether the backup
 * restored, recovered and answered its check, and how long that took.
 *
 * @param seconds            the whole drill: restore, recovery and check (what a real restore would cost: the RTO)
 * @param walReplayedBytes   WAL replayed during recovery (null when not measured)
 * @param walReplaySeconds   time recovery took (null when not measured)
 */
public record VerifyRecord(Instant finished, boolean ok, String message, String backupSet, double seconds,
        Long walReplayedBytes, Double walReplaySeconds) {

    /** Bytes of WAL replayed per second of recovery, when both were measured and recovery took any time. */
    public Optional<Double> walReplayRate() {
        if (walReplayedBytes == null || walReplaySeconds == null || walReplaySeconds <= 0) {
            return Optional.empty();
        }
        return Optional.of(walReplayedBytes / walReplaySeconds);
    }
}
