package dev.runner.pgbackrest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The restore drills of one target, oldest first, as kept in its ConfigMap ({@link #CONFIG_MAP_PREFIX}TARGET, key
 * {@link #KEY}): one JSON object per line, the drill's {@code VERIFY_RESULT} plus when it finished, at most
 * {@code keep} lines (the oldest are dropped).
 */
public record VerifyHistory(List<VerifyRecord> drills) {
    public static final String CONFIG_MAP_PREFIX = "runner-verify-";
    public static final String KEY = "history.jsonl";
    public static final int DEFAULT_KEEP = 20;
    /** What runner-pg.sh verify prints last; the rest of the line is the result as JSON. */
    public static final String MARKER = "VERIFY_RESULT=";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public VerifyHistory {
        drills = List.copyOf(drills);
    }

    public static String configMapName(String target) {
        return CONFIG_MAP_PREFIX + target;
    }

    /** Reads the ConfigMap's text; lines that are not a drill (hand edits, truncation) are skipped. */
    public static VerifyHistory parse(String text) {
        List<VerifyRecord> out = new ArrayList<>();
        if (text != null) {
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    record(line).ifPresent(out::add);
                }
            }
        }
        return new VerifyHistory(out);
    }

    /**
     * A drill from one history line, or from a {@code VERIFY_RESULT} JSON with the time it finished.
     */
    static Optional<VerifyRecord> record(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || !n.isObject() || !n.path("finished").isString() || !n.path("ok").isBoolean()) {
                return Optional.empty();
            }
            return Optional.of(new VerifyRecord(Instant.parse(n.path("finished").asString()), n.path("ok").asBoolean(),
                    n.path("message").asString(""), n.path("backupSet").asString(""), n.path("seconds").asDouble(0),
                    n.hasNonNull("walBytes") ? n.path("walBytes").asLong() : null,
                    n.hasNonNull("recoverySeconds") ? n.path("recoverySeconds").asDouble() : null));
        } catch (JacksonException | java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The line to keep for a drill that finished at {@code finished}: its {@code VERIFY_RESULT} JSON (what
     * follows the marker) with {@code finished} added; a result that is not JSON becomes a failed drill saying so.
     */
    public static String line(String verifyResult, Instant finished) {
        ObjectNode n;
        try {
            JsonNode parsed = verifyResult == null ? null : JSON.readTree(verifyResult);
            n = parsed != null && parsed.isObject() && parsed.path("ok").isBoolean() ? (ObjectNode) parsed : null;
        } catch (JacksonException e) {
            n = null;
        }
        if (n == null) {
            n = JSON.createObjectNode();
            n.put("ok", false);
            n.put("message", verifyResult == null ? "the drill printed no " + MARKER + " line (see the Job's log)"
                    : "the drill's " + MARKER + " is not a JSON result: " + verifyResult);
        }
        n.put("finished", finished.toString());
        return JSON.writeValueAsString(n);
    }

    /** This history with one more line, keeping the newest {@code keep}, as the ConfigMap's text. */
    public static String append(String text, String line, int keep) {
        List<String> lines = new ArrayList<>();
        if (text != null) {
            text.lines().filter(l -> !l.isBlank()).forEach(lines::add);
        }
        lines.add(line);
        List<String> kept = lines.subList(Math.max(0, lines.size() - keep), lines.size());
        return String.join("\n", kept) + "\n";
    }

    public Optional<VerifyRecord> last() {
        return drills.isEmpty() ? Optional.empty() : Optional.of(drills.get(drills.size() - 1));
    }

    /** {@code last restore drill: ok in 41s (backup X) at T; 5 kept: 4 ok, 1 failed; durations 39s → 41s}. */
    public String describe() {
        if (drills.isEmpty()) {
            return "restore drills: none recorded (workflows/verify-backup.yaml)";
        }
        VerifyRecord l = last().orElseThrow();
        long ok = drills.stream().filter(VerifyRecord::ok).count();
        StringBuilder sb = new StringBuilder("last restore drill: ").append(l.ok() ? "ok" : "FAILED (" + l.message() + ")")
                .append(" in ").append(Times.age(java.time.Duration.ofMillis((long) (l.seconds() * 1000))))
                .append(l.backupSet().isEmpty() ? "" : " (backup " + l.backupSet() + ")").append(" at ")
                .append(Times.utc(l.finished())).append("; ").append(drills.size()).append(" kept: ").append(ok)
                .append(" ok, ").append(drills.size() - ok).append(" failed");
        List<String> durations = drills.stream().filter(VerifyRecord::ok)
                .map(d -> Times.age(java.time.Duration.ofMillis((long) (d.seconds() * 1000)))).toList();
        if (durations.size() > 1) {
            sb.append("; durations of the passed ones, oldest first: ").append(String.join(" ", durations));
        }
        return sb.toString();
    }
}
