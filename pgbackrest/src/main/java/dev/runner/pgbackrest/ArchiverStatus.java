package dev.runner.pgbackrest;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One row of {@code pg_stat_archiver}, as {@code select row_to_json(a) from pg_stat_archiver a} prints it. The
 * counters are since {@code statsReset}; a failure counts as current when it is newer than the last success.
 */
public record ArchiverStatus(long archivedCount, String lastArchivedWal, Instant lastArchivedTime, long failedCount,
        String lastFailedWal, Instant lastFailedTime, Instant statsReset) {

    /** The query whose one line of output {@link #parse} reads. */
    public static final String QUERY = "select row_to_json(a) from pg_stat_archiver a";

    public static ArchiverStatus parse(String json) {
        JsonNode n;
        try {
            n = JsonMapper.builder().build().readTree(json == null ? "" : json.trim());
        } catch (JacksonException e) {
            throw new InfoException("pg_stat_archiver: not JSON: " + (json == null ? "" : json.strip()));
        }
        if (n == null || !n.isObject()) {
            throw new InfoException("pg_stat_archiver: expected one JSON object, got: " + json);
        }
        return new ArchiverStatus(n.path("archived_count").asLong(0), InfoParser.text(n.path("last_archived_wal")),
                time(n.path("last_archived_time")), n.path("failed_count").asLong(0),
                InfoParser.text(n.path("last_failed_wal")), time(n.path("last_failed_time")),
                time(n.path("stats_reset")));
    }

    private static Instant time(JsonNode n) {
        String t = InfoParser.text(n);
        return t == null ? null : OffsetDateTime.parse(t).toInstant();
    }

    /** True when the most recent archive attempt failed (postgres retries; WAL piles up in pg_wal meanwhile). */
    public boolean failing() {
        return lastFailedTime != null && (lastArchivedTime == null || lastFailedTime.isAfter(lastArchivedTime));
    }

    /** What is wrong with archiving as of {@code now}; empty when it is healthy. */
    public List<String> problems(Instant now, Duration maxAge) {
        List<String> out = new ArrayList<>();
        if (failing()) {
            out.add("archiving is failing: WAL " + lastFailedWal + " failed at " + Times.utc(lastFailedTime)
                    + " (" + failedCount + " failures since " + Times.utc(statsReset) + ")"
                    + (lastArchivedTime == null ? ", nothing archived since then"
                            : "; last success " + Times.utc(lastArchivedTime)));
        }
        if (lastArchivedTime == null) {
            if (!failing()) {
                out.add("no WAL has been archived since " + Times.utc(statsReset));
            }
        } else if (Duration.between(lastArchivedTime, now).compareTo(maxAge) > 0) {
            out.add("the last archived WAL (" + lastArchivedWal + ") is " + Times.age(Duration.between(lastArchivedTime, now))
                    + " old, older than the allowed " + Times.age(maxAge)
                    + " (is archive_mode on, and archive_timeout set?)");
        }
        return out;
    }
}
