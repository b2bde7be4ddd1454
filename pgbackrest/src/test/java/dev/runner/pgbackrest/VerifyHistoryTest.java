package dev.runner.pgbackrest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class VerifyHistoryTest {
    static final Instant T = Instant.parse("2026-11-25T04:00:00Z");
    static final String OK = "{\"ok\":true,\"message\":\"ok\",\"backupSet\":\"20261125-020000F\",\"result\":\"1042\",\"seconds\":41}";

    @Test
    void aDrillBecomesALineWithItsTime() {
        String line = VerifyHistory.line(OK, T);
        VerifyRecord r = VerifyHistory.parse(line).last().orElseThrow();
        assertTrue(r.ok());
        assertEquals(T, r.finished());
        assertEquals(41, r.seconds());
        assertEquals("20261125-020000F", r.backupSet());
        assertTrue(r.walReplayRate().isEmpty(), "not measured by this drill");
        VerifyRecord measured = VerifyHistory.parse(VerifyHistory.line(OK.replace("}",
                ",\"recoverySeconds\":12.500,\"walBytes\":50000000}"), T)).last().orElseThrow();
        assertEquals(4_000_000, measured.walReplayRate().orElseThrow(), 1e-6, "bytes per second of recovery");
    }

    @Test
    void noResultOrNotJsonIsAFailedDrill() {
        VerifyRecord none = VerifyHistory.parse(VerifyHistory.line(null, T)).last().orElseThrow();
        assertFalse(none.ok());
        assertEquals("the drill printed no VERIFY_RESULT= line (see the Job's log)", none.message());
        VerifyRecord garbage = VerifyHistory.parse(VerifyHistory.line("{oops", T)).last().orElseThrow();
        assertFalse(garbage.ok());
        assertTrue(garbage.message().contains("is not a JSON result: {oops"), garbage.message());
    }

    @Test
    void keepsTheNewestAndSkipsLinesThatAreNoDrill() {
        String text = "";
        for (int i = 0; i < 5; i++) {
            text = VerifyHistory.append(text, VerifyHistory.line(OK.replace("41", String.valueOf(40 + i)), T.plusSeconds(i)), 3);
        }
        assertEquals(3, text.lines().count(), text);
        VerifyHistory h = VerifyHistory.parse("hand edit\n" + text);
        assertEquals(3, h.drills().size());
        assertEquals(42, h.drills().get(0).seconds(), "the oldest two were dropped");
        assertEquals(T.plusSeconds(4), h.last().orElseThrow().finished());
        text = VerifyHistory.append(text, VerifyHistory.line("{\"ok\":false,\"message\":\"expected '1042'\",\"seconds\":9}",
                T.plusSeconds(9)), 3);
        assertEquals("last restore drill: FAILED (expected '1042') in 9s at 2026-11-25 04:00:09+00; 3 kept: 2 ok,"
                + " 1 failed; durations of the passed ones, oldest first: 43s 44s", VerifyHistory.parse(text).describe());
        assertEquals("restore drills: none recorded (workflows/verify-backup.yaml)", VerifyHistory.parse(null).describe());
    }
}
