package dev.runner.pgbackrest;

/** The WAL segments archived for one database of a stanza ({@code archive[].min/max}; null when none). */
public record ArchiveRange(String id, int dbId, String min, String max) {
    public boolean empty() {
        return max == null;
    }
}
