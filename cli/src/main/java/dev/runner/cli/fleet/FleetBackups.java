package dev.runner.cli.fleet;

import dev.runner.load.LoadException;
import dev.runner.pgbackrest.BackupSet;
import dev.runner.pgbackrest.Inventory;
import dev.runner.pgbackrest.InventoryReport;
import dev.runner.pgbackrest.RecoveryWindow;
import dev.runner.pgbackrest.Times;
import dev.runner.pgbackrest.VerifyHistory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code backups --targets}: the backup health of every target (its namespace and context) in one table, one line
 * per target, or one JSON document with each target's full inventory. Healthy only when every target is.
 */
public final class FleetBackups {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One target's reading: the inventory and its problems, or why it could not be read. */
    public record Reading(Optional<Inventory> inventory, List<String> problems, VerifyHistory drills, String error) {
        public static Reading failed(String error) {
            return new Reading(Optional.empty(), List.of(), new VerifyHistory(List.of()), error);
        }

        boolean healthy() {
            return inventory.isPresent() && problems.isEmpty();
        }
    }

    private record Entry(Target target, Reading reading) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Reads every target in turn; {@code read} gets the target's cluster settings (context, namespace). */
    public static FleetBackups read(Path targetsFile, Map<String, String> baseSettings,
            Function<Map<String, String>, Reading> read) throws LoadException {
        FleetBackups fb = new FleetBackups();
        for (Target t : TargetsFile.load(targetsFile, null)) {
            fb.entries.add(new Entry(t, read.apply(TargetInputs.settings(t, baseSettings))));
        }
        return fb;
    }

    public boolean healthy() {
        return entries.stream().allMatch(e -> e.reading().healthy());
    }

    public String table() {
        Table t = new Table("TARGET", "WHERE", "HEALTH", "BACKUPS", "LATEST BACKUP (UTC)", "RECOVERABLE TO (UTC)",
                "LAST WAL AGE", "PROBLEMS");
        for (Entry e : entries) {
            Reading r = e.reading();
            if (r.inventory().isEmpty()) {
                t.add(e.target().name(), e.target().where(), "unknown", "", "", "", "", r.error());
                continue;
            }
            Inventory inv = r.inventory().get();
            List<BackupSet> sets = inv.stanza().currentBackups();
            t.add(e.target().name(), e.target().where(), r.healthy() ? "healthy" : "UNHEALTHY",
                    Integer.toString(sets.size()),
                    inv.stanza().latest().map(b -> utc(b.stop())).orElse("none"),
                    inv.window().map(RecoveryWindow::end).map(FleetBackups::utc).orElse("none"),
                    inv.archiver().filter(a -> a.lastArchivedTime() != null)
                            .map(a -> age(Duration.between(a.lastArchivedTime(), inv.now()))).orElse("?"),
                    String.join("; ", r.problems()));
        }
        long bad = entries.stream().filter(e -> !e.reading().healthy()).count();
        return String.join("\n", t.render()) + "\n\n" + (bad == 0 ? "all " + entries.size() + " healthy"
                : bad + " of " + entries.size() + " unhealthy or unknown") + "\n";
    }

    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("healthy", healthy());
        ArrayNode list = root.putArray("targets");
        for (Entry e : entries) {
            ObjectNode n = list.addObject();
            n.put("name", e.target().name());
            n.put("context", e.target().context());
            n.put("namespace", e.target().namespace());
            n.put("healthy", e.reading().healthy());
            if (e.reading().inventory().isPresent()) {
                JsonNode inv = JSON.readTree(InventoryReport.json(e.reading().inventory().get(), e.reading().problems(),
                        e.reading().drills()));
                n.set("inventory", inv);
            } else {
                n.put("error", e.reading().error());
            }
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static String utc(Instant t) {
        return Times.utc(t);
    }

    private static String age(Duration d) {
        return Times.age(d);
    }
}
