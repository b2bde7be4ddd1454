package dev.runner.pgbackrest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code runner backups} reports: the repository's backup sets and recoverable window, and the health of
 * WAL archiving of the database that writes into it, with every problem found.
 *
 * @param where           pod and container the facts come from
 * @param systemId        the running database's system identifier (null when it could not be asked)
 * @param archiver        its pg_stat_archiver (empty when it could not be asked)
 * @param databaseProblem why the database could not be asked (null when it answered)
 */
public record Inventory(String where, StanzaInfo stanza, Optional<RecoveryWindow> window, String systemId,
        Optional<ArchiverStatus> archiver, String databaseProblem, Instant now) {

    /** Everything that makes this repository or its archiving unhealthy, given the allowed ages. */
    public List<String> problems(Duration maxArchiveAge, Optional<Duration> maxBackupAge) {
        List<String> out = new ArrayList<>();
        if (stanza.statusCode() != 0) {
            out.add("repository: pgBackRest says '" + stanza.statusMessage() + "' (code " + stanza.statusCode() + ")");
        }
        if (databaseProblem != null) {
            out.add("database: cannot read pg_stat_archiver: " + databaseProblem);
        }
        if (systemId != null && stanza.systemId() != null && !systemId.equals(stanza.systemId())) {
            out.add("the running database (system id " + systemId + ") is not the one the repository belongs to ("
                    + stanza.systemId() + "): its WAL cannot be archived there");
        }
        archiver.ifPresent(a -> out.addAll(a.problems(now, maxArchiveAge)));
        stanza.latest().ifPresent(b -> maxBackupAge.filter(max -> Duration.between(b.stop(), now).compareTo(max) > 0)
                .ifPresent(max -> out.add("the latest backup (" + b.label() + ") is "
                        + Times.age(Duration.between(b.stop(), now)) + " old, older than the allowed " + Times.age(max))));
        return out;
    }
}
