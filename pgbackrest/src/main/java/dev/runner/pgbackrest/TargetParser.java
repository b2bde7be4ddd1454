package dev.runner.pgbackrest;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses a recovery target strictly. A time must say which moment it is: with an offset ({@code +00},
 * {@code +02:00}, {@code Z}) or a region zone ({@code Europe/Berlin}). Without one, PostgreSQL would read it in
 * the server's {@code TimeZone} setting, which is rarely what the person typing it had in mind.
 */
public final class TargetParser {
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm")
            .optionalStart().appendPattern(":ss").optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?)\\s*(.*)");
    private static final Pattern OFFSET = Pattern.compile("(?:Z|z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)");
    private static final Pattern XID = Pattern.compile("\\d{1,19}");
    /** PostgreSQL's limit for restore point names (MAXFNAMELEN - 1). */
    private static final int MAX_NAME = 63;

    private TargetParser() {
    }

    /** @throws TargetException with a message that says what is wrong and how to write it */
    public static RecoveryTarget parse(String kind, String value) {
        String k = kind == null ? "latest" : kind.trim().toLowerCase(Locale.ROOT);
        String v = value == null ? "" : value.trim();
        switch (k) {
            case "latest", "default", "" -> {
                if (!v.isEmpty()) {
                    throw new TargetException("target latest takes no value, but targetValue is '" + v
                            + "' (did you mean target=time, lsn, xid or name?)");
                }
                return RecoveryTarget.latest();
            }
            case "time" -> {
                return new RecoveryTarget(RecoveryTarget.Kind.TIME, time(required(k, v, "'2026-11-20 10:00:00+00'")),
                        null, null, null);
            }
            case "lsn" -> {
                try {
                    return new RecoveryTarget(RecoveryTarget.Kind.LSN, null, Lsn.parse(required(k, v, "'0/3000060'")),
                            null, null);
                } catch (IllegalArgumentException e) {
                    throw new TargetException("target lsn: " + e.getMessage());
                }
            }
            case "xid" -> {
                String x = required(k, v, "'1234'");
                long xid = XID.matcher(x).matches() ? parseXid(x) : -1;
                if (xid < 3) {
                    throw new TargetException("target xid: '" + x + "' is not a transaction id (a whole number"
                            + " of at least 3, as txid_current() returns it)");
                }
                return new RecoveryTarget(RecoveryTarget.Kind.XID, null, null, xid, null);
            }
            case "name" -> {
                String n = required(k, v, "'before-migration'");
                if (n.length() > MAX_NAME) {
                    throw new TargetException("target name: restore point names are at most " + MAX_NAME
                            + " characters, '" + n + "' has " + n.length());
                }
                return new RecoveryTarget(RecoveryTarget.Kind.NAME, null, null, null, n);
            }
            default -> throw new TargetException("target must be one of latest, time, lsn, xid, name, not '" + kind + "'");
        }
    }

    /**
     * Checks a {@code timeline} value (pgBackRest {@code --target-timeline}): empty (pgBackRest's default),
     * {@code current}, {@code latest}, a number or {@code 0x}-hex. Returns it trimmed.
     */
    public static String timeline(String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty() || v.equals("current") || v.equals("latest") || v.matches("[1-9]\\d{0,9}")
                || v.matches("0x[0-9A-Fa-f]{1,8}")) {
            return v;
        }
        throw new TargetException("timeline must be current, latest or a timeline number (e.g. 2), not '" + v + "'");
    }

    private static long parseXid(String x) {
        try {
            return Long.parseLong(x);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String required(String kind, String v, String example) {
        if (v.isEmpty()) {
            throw new TargetException("target " + kind + " needs a targetValue, e.g. " + example);
        }
        return v;
    }

    /** A time with an explicit offset or zone, as an instant. */
    static java.time.Instant time(String text) {
        var m = DATE_TIME.matcher(text);
        if (!m.matches()) {
            throw new TargetException("target time '" + text + "' is not a date and time: write it as "
                    + "'YYYY-MM-DD HH:MM:SS' followed by an offset or zone, e.g. '2026-11-20 10:00:00+00'");
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.parse(m.group(1), LOCAL);
        } catch (DateTimeException e) {
            throw new TargetException("target time '" + text + "': " + e.getMessage());
        }
        String zone = m.group(2).trim();
        if (zone.isEmpty()) {
            throw new TargetException("target time '" + text + "' has no time zone: PostgreSQL would read it in the"
                    + " server's TimeZone setting and may restore the wrong moment. Add an offset or zone, e.g. '"
                    + m.group(1) + "+00', '" + m.group(1).replace(' ', 'T') + "Z' or '" + m.group(1) + " Europe/Berlin'");
        }
        if (OFFSET.matcher(zone).matches()) {
            return OffsetDateTime.of(local, offset(zone)).toInstant();
        }
        ZoneId id;
        try {
            id = ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new TargetException("target time '" + text + "': unknown time zone '" + zone + "' (use an offset"
                    + " such as +01:00 or a region such as Europe/Berlin; abbreviations like CET are ambiguous)");
        }
        List<ZoneOffset> valid = id.getRules().getValidOffsets(local);
        if (valid.isEmpty()) {
            throw new TargetException("target time '" + text + "' does not exist: the clocks in " + zone
                    + " skip it (daylight saving); give the offset you mean");
        }
        if (valid.size() > 1) {
            throw new TargetException("target time '" + text + "' happens twice in " + zone + " (clocks go back): "
                    + "write it with the offset you mean, " + m.group(1) + valid.get(0) + " or " + m.group(1) + valid.get(1));
        }
        return local.atOffset(valid.get(0)).toInstant();
    }

    private static ZoneOffset offset(String z) {
        if (z.equalsIgnoreCase("Z") || z.equals("UTC") || z.equals("GMT")) {
            return ZoneOffset.UTC;
        }
        String digits = z.replace(":", "");
        int sign = digits.charAt(0) == '-' ? -1 : 1;
        int h = Integer.parseInt(digits.substring(1, 3));
        int min = digits.length() > 3 ? Integer.parseInt(digits.substring(3, 5)) : 0;
        if (h > 18 || min > 59) {
            throw new TargetException("target time: offset '" + z + "' is out of range");
        }
        return ZoneOffset.ofHoursMinutes(sign * h, sign * min);
    }
}
