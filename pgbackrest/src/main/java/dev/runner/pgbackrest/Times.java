package dev.runner.pgbackrest;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How times and sizes are shown: always UTC, in a form PostgreSQL and pgBackRest accept as a target. */
public final class Times {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    /** {@code 2026-11-20 10:00:00+00} (with microseconds when the instant has them). */
    public static String utc(Instant t) {
        if (t == null) {
            return "unknown";
        }
        String s = t.getNano() == 0 ? SECONDS.format(t) : MICROS.format(t).replaceAll("0+$", "");
        return s + "+00";
    }

    /** {@code 3h12m}, {@code 45s}: a short age for tables. */
    public static String age(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
        }
        if (s < 86400) {
            return (s / 3600) + "h" + (s % 3600 / 60 == 0 ? "" : (s % 3600 / 60) + "m");
        }
        return (s / 86400) + "d" + (s % 86400 / 3600 == 0 ? "" : (s % 86400 / 3600) + "h");
    }

    /** {@code 22.0MB} like pgBackRest prints sizes. */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        String[] units = {"KB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f%s", v, units[u]);
    }
}
