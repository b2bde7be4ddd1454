package dev.runner.pgbackrest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TargetParserTest {

    private static Instant time(String v) {
        return TargetParser.parse("time", v).time();
    }

    private static String refused(String kind, String v) {
        return assertThrows(TargetException.class, () -> TargetParser.parse(kind, v)).getMessage();
    }

    @Test
    void timesWithOffsetOrZoneAreNormalisedToUtc() {
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        assertEquals(t, time("2026-11-20 10:00:00+00"));
        assertEquals(t, time("2026-11-20T10:00:00Z"));
        assertEquals(t, time("2026-11-20 10:00:00 UTC"));
        assertEquals(t, time("2026-11-20 11:00:00+01:00"));
        assertEquals(t, time("2026-11-20 05:30:00-0430"));
        assertEquals(t, time("2026-11-20 11:00:00 Europe/Berlin"), "winter: CET");
        assertEquals(Instant.parse("2026-07-01T08:00:00Z"), time("2026-07-01 10:00 Europe/Berlin"), "summer: CEST");
        assertEquals(Instant.parse("2026-11-20T10:00:00.25Z"), time("2026-11-20 10:00:00.25+00"));
        assertEquals("2026-11-20 10:00:00+00", TargetParser.parse("time", "2026-11-20 11:00:00+01").value());
        assertEquals("2026-11-20 10:00:00.25+00", TargetParser.parse("time", "2026-11-20T10:00:00.250Z").value());
    }

    @Test
    void timeWithoutZoneIsRefusedWithTheFix() {
        String m = refused("time", "2026-11-20 10:00:00");
        assertTrue(m.contains("has no time zone"), m);
        assertTrue(m.contains("'2026-11-20 10:00:00+00'"), "suggests the fix: " + m);
        assertTrue(refused("time", "yesterday").contains("is not a date and time"));
        assertTrue(refused("time", "2026-11-20 10:00:00 CEST").contains("unknown time zone 'CEST'"));
        assertTrue(refused("time", "2026-13-20 10:00:00+00").startsWith("target time '2026-13-20"));
        assertTrue(refused("time", "").contains("needs a targetValue"));
    }

    @Test
    void daylightSavingGapsAndOverlapsAreRefused() {
        assertTrue(refused("time", "2026-03-29 02:30:00 Europe/Berlin").contains("does not exist"));
        String twice = refused("time", "2026-10-25 02:30:00 Europe/Berlin");
        assertTrue(twice.contains("happens twice") && twice.contains("+02:00") && twice.contains("+01:00"), twice);
    }

    @Test
    void lsnXidNameAndLatest() {
        assertEquals("0/3000060", TargetParser.parse("lsn", "0/3000060").value());
        assertTrue(refused("lsn", "3000060").contains("X/X"));
        assertEquals(1234L, TargetParser.parse("xid", " 1234 ").xid());
        assertTrue(refused("xid", "12a").contains("not a transaction id"));
        assertTrue(refused("xid", "2").contains("not a transaction id"));
        assertTrue(refused("xid", "99999999999999999999").contains("not a transaction id"));
        assertEquals("before-migration", TargetParser.parse("name", "before-migration").value());
        assertTrue(refused("name", "  ").contains("needs a targetValue"));
        assertTrue(refused("name", "x".repeat(64)).contains("at most 63"));
        assertEquals(RecoveryTarget.Kind.LATEST, TargetParser.parse("latest", "").kind());
        assertEquals("default", TargetParser.parse("latest", null).pgbackrestType());
        assertTrue(refused("latest", "2026-11-20").contains("takes no value"));
        assertTrue(refused("yesterday", "").contains("must be one of"));
    }

    @Test
    void timelines() {
        assertEquals("", TargetParser.timeline(null));
        assertEquals("current", TargetParser.timeline("current"));
        assertEquals("2", TargetParser.timeline(" 2"));
        assertEquals("0x0A", TargetParser.timeline("0x0A"));
        assertThrows(TargetException.class, () -> TargetParser.timeline("newest"));
    }
}
