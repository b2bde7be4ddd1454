package dev.runner.pgbackrest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class InfoParserTest {

    @Test
    void readsBackupSetsArchiveAndSystemId() {
        StanzaInfo s = Docs.stanza(Docs.FULL_INCR);
        assertEquals("cap", s.name());
        assertEquals(0, s.statusCode());
        assertEquals(Docs.SYSTEM_ID, s.systemId(), "unsigned 64-bit id kept exactly");
        assertEquals("15", s.dbVersion());
        assertEquals(2, s.backups().size());
        BackupSet full = s.backups().get(0);
        assertEquals("20261125-163837F", full.label());
        assertEquals("full", full.type());
        assertEquals(Instant.ofEpochSecond(1795624717), full.start());
        assertEquals(Instant.ofEpochSecond(1795624721), full.stop());
        assertEquals("0/2000028", full.lsnStart().toString());
        assertEquals("0/2000100", full.lsnStop().toString());
        assertEquals(23057958, full.size());
        assertEquals(4533164, full.repoSize());
        assertTrue(full.priorLabel().isEmpty());
        BackupSet incr = s.latest().orElseThrow();
        assertEquals("incr", incr.type());
        assertEquals("20261125-163837F", incr.prior());
        assertEquals(102230, incr.repoDelta());
        assertEquals("000000010000000000000006", s.currentArchive().max());
        assertEquals("000000010000000000000001", s.currentArchive().min());
        assertTrue(s.usable());
    }

    @Test
    void stanzaWithoutBackupsOrPath() {
        StanzaInfo none = Docs.stanza(Docs.NO_BACKUP);
        assertEquals(2, none.statusCode());
        assertEquals("no valid backups", none.statusMessage());
        assertFalse(none.usable());
        assertTrue(none.latest().isEmpty());
        assertTrue(none.currentArchive().empty());
        StanzaInfo missing = Docs.stanza(Docs.MISSING_STANZA);
        assertEquals(1, missing.statusCode());
        assertNull(missing.systemId());
    }

    @Test
    void refusesWhatIsNotInfoJson() {
        InfoException e = assertThrows(InfoException.class,
                () -> InfoParser.parse("ERROR: [031]: option 'stanza' cannot be set multiple times"));
        assertTrue(e.getMessage().contains("did not print JSON: ERROR: [031]"), e.getMessage());
        assertThrows(InfoException.class, () -> InfoParser.parse("{}"));
        assertThrows(InfoException.class, () -> InfoParser.stanza(Docs.read(Docs.FULL_INCR), "other"));
    }

    @Test
    void walSegmentsAndLsns() {
        WalSegment s = WalSegment.parse("000000010000000000000006");
        assertEquals(1, s.timeline());
        assertEquals("0/6000000", s.start().toString());
        assertEquals("0/7000000", s.end().toString());
        assertEquals("1/0", WalSegment.parse("0000000200000000000000FF").end().toString());
        assertEquals("2/A1000000", WalSegment.parse("0000000300000002000000A0").end().toString());
        assertTrue(Lsn.parse("0/2000100").compareTo(Lsn.parse("0/4000028")) < 0);
        assertTrue(Lsn.parse("FFFFFFFF/0").compareTo(Lsn.parse("1/0")) > 0, "compared unsigned");
        assertEquals("16/B374D848", Lsn.parse("16/b374d848").toString());
        assertThrows(IllegalArgumentException.class, () -> Lsn.parse("16-B374D848"));
    }
}
