package dev.runner.pgbackrest;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One stanza of {@code pgbackrest info --output=json}: its status, the database the repository belongs to
 * (system identifier, kept as text because it is an unsigned 64-bit number), the backup sets oldest first and
 * the archived WAL of the current database.
 *
 * @param statusCode pgBackRest's code: 0 ok, 1 missing stanza path, 2 no valid backups, 3 missing stanza data,
 *                   4 different cipher, 5 database mismatch across repos, 6 backup/expire running, 99 other
 */
public record StanzaInfo(String name, int statusCode, String statusMessage, boolean backupLockHeld, String cipher,
        String systemId, String dbVersion, int currentDbId, List<BackupSet> backups, List<ArchiveRange> archives) {

    public StanzaInfo {
        backups = backups.stream().sorted(Comparator.comparing(BackupSet::stop).thenComparing(BackupSet::label)).toList();
        archives = List.copyOf(archives);
    }

    /** The backup sets of the current database (after a stanza-upgrade older ones belong to the old cluster). */
    public List<BackupSet> currentBackups() {
        return backups.stream().filter(b -> b.dbId() == currentDbId).toList();
    }

    public Optional<BackupSet> latest() {
        List<BackupSet> c = currentBackups();
        return c.isEmpty() ? Optional.empty() : Optional.of(c.get(c.size() - 1));
    }

    public Optional<BackupSet> earliest() {
        return currentBackups().stream().findFirst();
    }

    /** The archived WAL of the current database (empty range when nothing is archived yet). */
    public ArchiveRange currentArchive() {
        return archives.stream().filter(a -> a.dbId() == currentDbId && !a.empty())
                .max(Comparator.comparing(ArchiveRange::max))
                .orElse(new ArchiveRange(null, currentDbId, null, null));
    }

    /** True when the repository answered and holds at least one usable backup. */
    public boolean usable() {
        return (statusCode == 0 || statusCode == 6) && !currentBackups().isEmpty();
    }
}
