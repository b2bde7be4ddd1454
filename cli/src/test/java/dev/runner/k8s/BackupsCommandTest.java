package dev.runner.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code runner backups} end to end through Main against the mock API server; pod answers from a real run. */
class BackupsCommandTest extends BackupsFixture {
    @Test
    void healthyInventoryAsATable() {
        assertEquals(0, run(), err + out);
        assertTrue(out.contains("20261125-163837F_20261125-163842I    incr  2026-11-25 16:38:42+00"), out);
        assertTrue(out.contains("recoverable window: 2026-11-25 16:38:41+00"), out);
        assertTrue(out.contains("(last archived WAL 000000010000000000000006)"), out);
        assertTrue(out.contains("archiving: 8 archived, 0 failed"), out);
        assertTrue(out.endsWith("healthy\n"), out);
        assertTrue(ScriptedPodExec.calls.get(0).startsWith("hasura/postgres-7d9/postgres: "), "default namespace hasura");
    }

    @Test
    void failingArchivingIsExitOneAndJson() {
        archiver = archiver(Instant.now().minus(20, ChronoUnit.MINUTES), Instant.now().minus(1, ChronoUnit.MINUTES));
        assertEquals(1, run("-o", "json"), err);
        JsonNode j = JsonMapper.builder().build().readTree(out);
        assertEquals(false, j.path("healthy").asBoolean());
        assertEquals(true, j.path("archiving").path("failing").asBoolean());
        assertEquals(2, j.path("backups").size());
        assertEquals("0/7000000", j.path("window").path("endLsn").asString());
        assertTrue(j.path("problems").get(0).asString().startsWith("archiving is failing: WAL 000000010000000000000007"),
                j.toString());
        assertTrue(j.path("problems").get(1).asString().contains("older than the allowed 15m"), j.toString());
    }

    @Test
    void staleArchiveAndOldBackupsAgainstThresholds() {
        assertEquals(1, run("--max-archive-age", "1m"));
        assertTrue(out.contains("UNHEALTHY:\n  - the last archived WAL (000000010000000000000006) is 2m"), out);
        assertEquals(1, run("--max-backup-age", "1m"));
        assertTrue(out.contains("the latest backup (20261125-163837F_20261125-163842I) is"), out);
        assertEquals(2, run("--max-archive-age", "soon"));
        assertTrue(err.contains("--max-archive-age: 'soon' is not a duration"), err);
        assertEquals(2, run("--timeout", "0s"));
        assertTrue(err.contains("--timeout: '0s' must be more than 0"), err);
        assertEquals(2, run("--max-backup-age", "999999999999d"));
        assertTrue(err.contains("--max-backup-age: '999999999999d' is too long: the longest duration is 365d"), err);
    }

    @Test
    void noPodIsAClearFailure() {
        assertEquals(1, run("-n", "other"));
        assertTrue(err.contains("no pod matching app=postgres in prod/other"), err);
    }
}
