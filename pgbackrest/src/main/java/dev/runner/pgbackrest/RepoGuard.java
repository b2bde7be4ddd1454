package dev.runner.pgbackrest;

/**
 * Whether a database may archive into a repository path: only when the path is empty (no stanza yet) or its
 * stanza belongs to this very database (same system identifier, set by initdb and kept by restores). Archiving a
 * different database into a stanza fails late in pgBackRest, or, after a careless stanza-upgrade, mixes two
 * databases' WAL in one archive.
 */
public final class RepoGuard {
    private RepoGuard() {
    }

    /** OTHER_DATABASE only from {@link #classify}: {@link #check} refuses it. */
    public enum Outcome { EMPTY, SAME_DATABASE, OTHER_DATABASE }

    /**
     * Like {@link #check} but reports another database's stanza instead of refusing it: a recovery restores into
     * the very database whose backups it uses ("in place") exactly when this answers SAME_DATABASE.
     *
     * @throws TargetException when the repository path cannot be read
     */
    public static Outcome classify(StanzaInfo info, String runningSystemId, String repoDescription) {
        try {
            return check(info, runningSystemId, repoDescription);
        } catch (OtherDatabase e) {
            return Outcome.OTHER_DATABASE;
        }
    }

    /** The refusal of {@link #check} when the stanza belongs to another database. */
    private static final class OtherDatabase extends TargetException {
        OtherDatabase(String message) {
            super(message);
        }
    }

    /**
     * @param runningSystemId {@code select system_identifier from pg_control_system()} of the database that
     *                        will archive
     * @throws TargetException when the repository path holds another database's stanza or cannot be read
     */
    public static Outcome check(StanzaInfo info, String runningSystemId, String repoDescription) {
        if (info.statusCode() == 1 || info.systemId() == null) {
            return Outcome.EMPTY;   // "missing stanza path": stanza-create will make it for this database
        }
        if (info.statusCode() == 99 || info.statusCode() == 4) {
            throw new TargetException("cannot check " + repoDescription + ": pgBackRest says '" + info.statusMessage() + "'");
        }
        if (!info.systemId().equals(runningSystemId.trim())) {
            throw new OtherDatabase(repoDescription + " (stanza " + info.name() + ") belongs to another database:"
                    + " its system identifier is " + info.systemId() + " (PostgreSQL " + info.dbVersion()
                    + ", " + info.currentBackups().size() + " backup(s)" + (info.currentArchive().empty() ? ""
                            : ", WAL up to " + info.currentArchive().max()) + "), this database's is "
                    + runningSystemId.trim() + ". Archiving here would fail or mix two databases' WAL: use another"
                    + " repository path (e.g. a new repoPath/archivePath) or another stanza");
        }
        return Outcome.SAME_DATABASE;
    }

    /**
     * After a restore: the server that came up must be the database the backup was taken of (same system
     * identifier). A server that started on another directory (a restore written beside its data, or a fresh
     * initdb) has another identifier, or at best an older state of the same one (see the marker check of
     * workflows/recovery.yaml).
     *
     * @throws TargetException when the stanza is missing or the identifiers differ
     */
    public static void restored(StanzaInfo info, String runningSystemId, String repoDescription) {
        if (info.systemId() == null) {
            throw new TargetException("cannot prove the restore: " + repoDescription + " has no stanza '" + info.name()
                    + "' to compare the running server with");
        }
        if (!info.systemId().equals(runningSystemId.trim())) {
            throw new TargetException("the server that came up is not the restored database: its system identifier"
                    + " is " + runningSystemId.trim() + ", the backup's (" + repoDescription + ", stanza " + info.name()
                    + ") is " + info.systemId() + ". It started on other data than the restore wrote (a PGDATA or"
                    + " volume other than the server's, or a fresh initdb): the recovery did NOT succeed");
        }
    }
}
