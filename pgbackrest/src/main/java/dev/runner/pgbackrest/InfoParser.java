package dev.runner.pgbackrest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads {@code pgbackrest info --output=json} (format 5, pgBackRest 2.x) into {@link StanzaInfo}s. */
public final class InfoParser {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private InfoParser() {
    }

    /** All stanzas of the document; throws {@link InfoException} when it is not pgBackRest's info JSON. */
    public static List<StanzaInfo> parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json == null ? "" : json.trim());
        } catch (JacksonException e) {
            throw new InfoException("pgbackrest info did not print JSON: " + firstLine(json));
        }
        if (root == null || !root.isArray()) {
            throw new InfoException("pgbackrest info did not print a JSON list of stanzas: " + firstLine(json));
        }
        List<StanzaInfo> out = new ArrayList<>();
        for (JsonNode s : root) {
            out.add(stanza(s));
        }
        return out;
    }

    /** The one stanza named {@code name} (or the only one when {@code name} is null). */
    public static StanzaInfo stanza(String json, String name) {
        List<StanzaInfo> all = parse(json);
        if (name == null) {
            if (all.size() != 1) {
                throw new InfoException("pgbackrest info lists " + all.size() + " stanzas; name the one to use");
            }
            return all.get(0);
        }
        return all.stream().filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new InfoException("pgbackrest info has no stanza '" + name + "'"));
    }

    private static StanzaInfo stanza(JsonNode s) {
        JsonNode status = s.path("status");
        int currentDb = 0;
        String systemId = null;
        String version = null;
        for (JsonNode db : s.path("db")) {
            int id = db.path("id").asInt(0);
            if (id >= currentDb) {
                currentDb = id;
                systemId = text(db.path("system-id"));
                version = text(db.path("version"));
            }
        }
        List<BackupSet> backups = new ArrayList<>();
        for (JsonNode b : s.path("backup")) {
            backups.add(backup(b));
        }
        List<ArchiveRange> archives = new ArrayList<>();
        for (JsonNode a : s.path("archive")) {
            archives.add(new ArchiveRange(text(a.path("id")), a.path("database").path("id").asInt(0),
                    text(a.path("min")), text(a.path("max"))));
        }
        return new StanzaInfo(text(s.path("name")), status.path("code").asInt(99), text(status.path("message")),
                status.path("lock").path("backup").path("held").asBoolean(false), text(s.path("cipher")), systemId,
                version, currentDb, backups, archives);
    }

    private static BackupSet backup(JsonNode b) {
        JsonNode info = b.path("info");
        return new BackupSet(text(b.path("label")), text(b.path("type")),
                Instant.ofEpochSecond(b.path("timestamp").path("start").asLong(0)),
                Instant.ofEpochSecond(b.path("timestamp").path("stop").asLong(0)),
                lsn(b.path("lsn").path("start")), lsn(b.path("lsn").path("stop")),
                text(b.path("archive").path("start")), text(b.path("archive").path("stop")),
                info.path("size").asLong(0), info.path("repository").path("size").asLong(0),
                info.path("repository").path("delta").asLong(0), text(b.path("prior")),
                b.path("error").asBoolean(false), b.path("database").path("repo-key").asInt(1),
                b.path("database").path("id").asInt(0), annotations(b.path("annotation")));
    }

    private static java.util.Map<String, String> annotations(JsonNode a) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        if (a.isObject()) {
            a.properties().forEach(e -> m.put(e.getKey(), text(e.getValue())));
        }
        return m;
    }

    private static Lsn lsn(JsonNode n) {
        String t = text(n);
        return t == null ? null : Lsn.parse(t);
    }

    /** A scalar as text (big numbers exactly), or null for null/missing. */
    static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isBigInteger() || n.isIntegralNumber()) {
            return n.bigIntegerValue().toString();
        }
        return n.asString();
    }

    private static String firstLine(String s) {
        if (s == null || s.isBlank()) {
            return "(no output)";
        }
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
