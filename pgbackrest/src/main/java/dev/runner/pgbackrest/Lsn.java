package dev.runner.pgbackrest;

import java.util.regex.Pattern;

/** A PostgreSQL write-ahead log position, written {@code X/X} (two hex halves of a 64-bit number). */
public record Lsn(long value) implements Comparable<Lsn> {
    private static final Pattern FORMAT = Pattern.compile("([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})");

    /** Parses {@code X/X}; throws {@link IllegalArgumentException} with a readable message otherwise. */
    public static Lsn parse(String text) {
        var m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an LSN: write it as two hex numbers X/X, "
                    + "e.g. 0/3000060 (as pg_current_wal_lsn() shows it)");
        }
        return new Lsn(Long.parseUnsignedLong(m.group(1), 16) << 32 | Long.parseUnsignedLong(m.group(2), 16));
    }

    @Override
    public int compareTo(Lsn o) {
        return Long.compareUnsigned(value, o.value);
    }

    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }
}
