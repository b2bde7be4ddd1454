package dev.runner.pgbackrest;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One backup set as {@code pgbackrest info --output=json} lists it. {@code stop}/{@code lsnStop} are the
 * backup's consistency point: a restore of this set can reach any target at or after it (given the WAL).
 *
 * @param size       database size restored from this set (bytes)
 * @param repoSize   bytes the whole set occupies in the repository (with the sets it references)
 * @param repoDelta  bytes this backup itself added to the repository
 * @param error      pgBackRest found page checksum errors while copying
 * @param annotations {@code pgbackrest backup --annotation} key/values (e.g. recovery's runner-pre-restore)
 */
public record BackupSet(String label, String type, Instant start, Instant stop, Lsn lsnStart, Lsn lsnStop,
        String walStart, String walStop, long size, long repoSize, long repoDelta, String prior, boolean error,
        int repoKey, int dbId, Map<String, String> annotations) {
    /** The annotation recovery.yaml puts on the backup it takes before an in-place restore. */
    public static final String PRE_RESTORE = "runner-pre-restore";

    public BackupSet {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** The restore id when this is the safety point taken before an in-place restore. */
    public Optional<String> preRestoreOf() {
        return Optional.ofNullable(annotations.get(PRE_RESTORE));
    }

    public Optional<String> priorLabel() {
        return Optional.ofNullable(prior);
    }
}
