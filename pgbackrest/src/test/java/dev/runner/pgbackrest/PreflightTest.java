package dev.runner.pgbackrest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The captured repository: full backup consistent at 16:38:41 (LSN 0/2000100), incr at 16:38:44 (0/4000100),
 * WAL archived up to segment 06 (ends at 0/7000000).
 */
class PreflightTest {
    static final StanzaInfo INFO = Docs.stanza(Docs.FULL_INCR);
    static final Instant NOW = Instant.parse("2026-11-25T17:00:00Z");
    static final String FULL = "20261125-163837F";
    static final String INCR = "20261125-163837F_20261125-163842I";
    /** pg_stat_archiver of the source whose last archived WAL is the repository's last segment. */
    static final ArchiverStatus ARCHIVED_06 = ArchiverStatus.parse("""
            {"archived_count":8,"last_archived_wal":"000000010000000000000006",
             "last_archived_time":"2026-11-25T16:38:46.662976+00:00","failed_count":0,"last_failed_wal":null,
             "last_failed_time":null,"stats_reset":"2026-11-25T16:38:27.62165+00:00"}""");

    private static Preflight.Verdict check(String kind, String value, Optional<ArchiverStatus> a) {
        return Preflight.check(TargetParser.parse(kind, value), INFO, a, Docs.SYSTEM_ID, NOW);
    }

    private static String refused(String kind, String value, Optional<ArchiverStatus> a) {
        return assertThrows(TargetException.class, () -> check(kind, value, a)).getMessage();
    }

    @Test
    void windowFromBackupsAndArchiver() {
        RecoveryWindow w = RecoveryWindow.of(INFO, Optional.of(ARCHIVED_06), Docs.SYSTEM_ID).orElseThrow();
        assertEquals(Instant.parse("2026-11-25T16:38:41Z"), w.start());
        assertEquals("0/2000100", w.startLsn().toString());
        assertEquals(Instant.parse("2026-11-25T16:38:46.662976Z"), w.end());
        assertEquals(RecoveryWindow.EndSource.ARCHIVER, w.endSource());
        assertEquals("0/7000000", w.endLsn().toString());
        assertTrue(w.describe().contains("2026-11-25 16:38:41+00 (backup " + FULL + " consistent) → 2026-11-25 16:38:46.662976+00"), w.describe());
    }

    @Test
    void archiverOfAnotherDatabaseOrSegmentIsNotTrusted() {
        RecoveryWindow other = RecoveryWindow.of(INFO, Optional.of(ARCHIVED_06), "42").orElseThrow();
        assertEquals(RecoveryWindow.EndSource.LATEST_BACKUP, other.endSource());
        assertEquals(Instant.parse("2026-11-25T16:38:44Z"), other.end());
        ArchiverStatus older = ArchiverStatus.parse(Docs.read("archiver-ok.json"));   // last archived 05, repo has 06
        assertEquals(RecoveryWindow.EndSource.LATEST_BACKUP,
                RecoveryWindow.of(INFO, Optional.of(older), Docs.SYSTEM_ID).orElseThrow().endSource());
    }

    @Test
    void timeTargetPicksTheLatestBackupConsistentBeforeIt() {
        Preflight.Verdict v = check("time", "2026-11-25 16:38:42+00", Optional.of(ARCHIVED_06));
        assertEquals(FULL, v.backupSet().label(), "incr became consistent only at 16:38:44");
        assertEquals("2026-11-25 16:38:42+00", v.target().value());
        assertTrue(v.warnings().isEmpty(), v.warnings().toString());
        assertEquals(INCR, check("time", "2026-11-25 17:38:45 Europe/Berlin", Optional.of(ARCHIVED_06)).backupSet().label());
        assertTrue(v.summary().contains("restoring backup set " + FULL), v.summary());
    }

    @Test
    void timeBeforeTheFirstBackupIsRefusedWithTheWindow() {
        String m = refused("time", "2026-11-25 16:38:40+00", Optional.of(ARCHIVED_06));
        assertTrue(m.contains("is before the recoverable window"), m);
        assertTrue(m.contains("became consistent at 2026-11-25 16:38:41+00"), m);
        assertTrue(m.contains("Recoverable window: 2026-11-25 16:38:41+00"), m);
    }

    @Test
    void timeAfterTheLastArchivedWalIsRefused() {
        String m = refused("time", "2026-11-25 16:40:00+00", Optional.of(ARCHIVED_06));
        assertTrue(m.contains("is after the last archived WAL (000000010000000000000006, archived at 2026-11-25 16:38:46.662976+00)"), m);
        assertTrue(refused("time", "2026-11-25 17:05:00+00", Optional.empty()).contains("is in the future"));
    }

    @Test
    void withoutTheArchiverTimeALaterTargetIsAllowedWithAWarning() {
        Preflight.Verdict v = check("time", "2026-11-25 16:50:00+00", Optional.empty());
        assertEquals(INCR, v.backupSet().label());
        assertEquals(1, v.warnings().size());
        assertTrue(v.warnings().get(0).contains("time is not known here"), v.warnings().get(0));
    }

    @Test
    void lsnTargetsAreCheckedExactly() {
        assertEquals(FULL, check("lsn", "0/3000000", Optional.empty()).backupSet().label());
        assertEquals(INCR, check("lsn", "0/6FFFFFF", Optional.empty()).backupSet().label());
        assertTrue(refused("lsn", "0/2000000", Optional.empty()).contains("is before the recoverable window"));
        String after = refused("lsn", "0/7000001", Optional.empty());
        assertTrue(after.contains("after the last archived WAL (000000010000000000000006, which ends at LSN 0/7000000)"), after);
    }

    @Test
    void xidAndNameUseTheLatestSetWithAWarning() {
        Preflight.Verdict v = check("xid", "1234", Optional.empty());
        assertEquals(INCR, v.backupSet().label());
        assertTrue(v.warnings().get(0).contains("transaction must have committed after that"), v.warnings().toString());
        assertEquals(INCR, check("name", "before-c", Optional.empty()).backupSet().label());
        assertEquals(INCR, check("latest", "", Optional.empty()).backupSet().label());
    }

    @Test
    void aRepositoryWithoutBackupIsRefused() {
        StanzaInfo none = Docs.stanza(Docs.NO_BACKUP);
        String m = assertThrows(TargetException.class, () -> Preflight.check(RecoveryTarget.latest(), none,
                Optional.empty(), null, NOW)).getMessage();
        assertTrue(m.contains("has no backup of stanza cap"), m);
        StanzaInfo missing = Docs.stanza(Docs.MISSING_STANZA);
        String m2 = assertThrows(TargetException.class, () -> Preflight.check(RecoveryTarget.latest(), missing,
                Optional.empty(), null, NOW)).getMessage();
        assertTrue(m2.contains("missing stanza path"), m2);
    }

    @Test
    void repoGuardComparesSystemIdentifiers() {
        assertEquals(RepoGuard.Outcome.SAME_DATABASE, RepoGuard.check(INFO, Docs.SYSTEM_ID + "\n", "s3 /hasura"));
        assertEquals(RepoGuard.Outcome.EMPTY, RepoGuard.check(Docs.stanza(Docs.MISSING_STANZA), "1", "s3 /hasura"));
        assertEquals(RepoGuard.Outcome.SAME_DATABASE, RepoGuard.check(Docs.stanza(Docs.NO_BACKUP), Docs.SYSTEM_ID, "x"));
        String m = assertThrows(TargetException.class, () -> RepoGuard.check(INFO, "7312149394872732451", "s3 /hasura"))
                .getMessage();
        assertTrue(m.contains("belongs to another database") && m.contains(Docs.SYSTEM_ID)
                && m.contains("7312149394872732451") && m.contains("2 backup(s)"), m);
    }

    /** recovery's in-place detection: the same comparison, reporting another database instead of refusing it. */
    @Test
    void repoGuardClassifiesWithoutRefusingAnotherDatabase() {
        assertEquals(RepoGuard.Outcome.SAME_DATABASE, RepoGuard.classify(INFO, Docs.SYSTEM_ID, "s3 /hasura"));
        assertEquals(RepoGuard.Outcome.OTHER_DATABASE, RepoGuard.classify(INFO, "7312149394872732451", "s3 /hasura"));
        assertEquals(RepoGuard.Outcome.EMPTY, RepoGuard.classify(Docs.stanza(Docs.MISSING_STANZA), "1", "s3 /hasura"));
    }

    @Test
    void archiverHealth() {
        ArchiverStatus failing = ArchiverStatus.parse(Docs.read("archiver-failing.json"));
        assertTrue(failing.failing());
        Instant at = Instant.parse("2026-11-25T16:41:00Z");
        var problems = failing.problems(at, Duration.ofMinutes(15));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("archiving is failing: WAL 000000010000000000000007 failed"), problems.get(0));
        ArchiverStatus ok = ArchiverStatus.parse(Docs.read("archiver-ok.json"));
        assertTrue(ok.problems(at, Duration.ofMinutes(15)).isEmpty());
        var stale = ok.problems(at.plus(Duration.ofHours(2)), Duration.ofMinutes(15));
        assertTrue(stale.get(0).contains("is 2h2m old, older than the allowed 15m"), stale.toString());
        assertEquals("22.0MB", Times.size(23057958));
    }
}
