package dev.runner.pgbackrest;

import java.util.regex.Pattern;

/**
 * A WAL segment file name ({@code TTTTTTTTXXXXXXXXYYYYYYYY}: timeline, then the segment number in two halves).
 * The LSN range assumes the default 16 MB segment size (pgBackRest's info does not report it; a cluster
 * initialised with another {@code --wal-segsize} shifts the computed end).
 */
public record WalSegment(String name, long timeline, long number) {
    public static final long DEFAULT_SIZE = 16L * 1024 * 1024;
    private static final Pattern FORMAT = Pattern.compile("[0-9A-F]{24}");

    public static WalSegment parse(String name) {
        if (name == null || !FORMAT.matcher(name).matches()) {
            throw new IllegalArgumentException("not a WAL segment name: " + name);
        }
        long tli = Long.parseLong(name.substring(0, 8), 16);
        long log = Long.parseLong(name.substring(8, 16), 16);
        long seg = Long.parseLong(name.substring(16, 24), 16);
        return new WalSegment(name, tli, log * (0x1_0000_0000L / DEFAULT_SIZE) + seg);
    }

    public Lsn start() {
        return new Lsn(number * DEFAULT_SIZE);
    }

    /** The first position after this segment: WAL up to here is in the archive once the segment is. */
    public Lsn end() {
        return new Lsn((number + 1) * DEFAULT_SIZE);
    }
}
