package dev.runner.pgbackrest;

import java.time.Instant;
import java.util.Optional;

/**
 * One backup set as {@code pgbackrest info --output=json} lists it. {@code stop}/{@code lsnStop} are the
 * backup's consistency point: a restore of this set can reach any target at or after it (given the WAL).
 *
 * @param size       database size restored from this set (bytes)
 * @param repoSize   bytes the whole set occupies in the repository (with the sets it references)
 * @param repoDelta  bytes this backup itself added to the repository
 * @param error      pgBackRest found page checksum errors while copying
 */
public record BackupSet(String label, String type, Instant start, Instant stop, Lsn lsnStart, Lsn lsnStop,
        String walStart, String walStop, long size, long repoSize, long repoDelta, String prior, boolean error,
        int repoKey, int dbId) {

    public Optional<String> priorLabel() {
        return Optional.ofNullable(prior);
    }
}
