package dev.runner.pgbackrest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Documents captured from a real PostgreSQL 15 + pgBackRest 2.45 run (see src/test/resources/pgbackrest). */
public final class Docs {
    /** Full backup 20261125-163837F then incr ..._20261125-163842I; WAL 01..06 archived; system id below. */
    public static final String FULL_INCR = "info-full-incr.json";
    public static final String NO_BACKUP = "info-no-backup.json";
    public static final String MISSING_STANZA = "info-missing-stanza.json";
    public static final String SYSTEM_ID = "7712149394872732451";

    private Docs() {
    }

    public static String read(String name) {
        try (InputStream in = Docs.class.getResourceAsStream("/pgbackrest/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static StanzaInfo stanza(String name) {
        return InfoParser.stanza(read(name), null);
    }
}
