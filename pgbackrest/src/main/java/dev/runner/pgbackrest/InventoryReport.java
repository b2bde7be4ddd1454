package dev.runner.pgbackrest;

import java.time.Duration;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Renders an {@link Inventory}: a table for people, JSON for machines. */
public final class InventoryReport {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private InventoryReport() {
    }

    public static String table(Inventory inv, List<String> problems, VerifyHistory drills) {
        StringBuilder sb = new StringBuilder();
        StanzaInfo s = inv.stanza();
        sb.append("stanza ").append(s.name()).append(" (").append(s.statusMessage()).append("), PostgreSQL ")
                .append(s.dbVersion() == null ? "?" : s.dbVersion()).append(", system id ")
                .append(s.systemId() == null ? "?" : s.systemId()).append(", cipher ").append(s.cipher())
                .append("\nfrom ").append(inv.where()).append("\n\n");
        String fmt = "%-36s %-5s %-22s %-22s %-21s %9s %9s%n";
        sb.append(String.format(fmt, "BACKUP", "TYPE", "START (UTC)", "STOP (UTC)", "LSN", "SIZE", "REPO"));
        for (BackupSet b : s.currentBackups()) {
            sb.append(String.format(fmt, b.label() + (b.error() ? " (!)" : "") + (b.preRestoreOf().isPresent()
                    ? " pre-restore" : ""), b.type(), Times.utc(b.start()),
                    Times.utc(b.stop()), b.lsnStart() + "-" + b.lsnStop(), Times.size(b.size()), Times.size(b.repoDelta())));
        }
        if (s.currentBackups().isEmpty()) {
            sb.append("(no backups)\n");
        }
        sb.append("\nrecoverable window: ").append(inv.window().map(RecoveryWindow::describe).orElse("none")).append('\n');
        sb.append("WAL archive: ").append(s.currentArchive().empty() ? "empty"
                : s.currentArchive().min() + " → " + s.currentArchive().max()).append('\n');
        inv.archiver().ifPresentOrElse(a -> sb.append("archiving: ").append(a.archivedCount()).append(" archived, ")
                .append(a.failedCount()).append(" failed since ").append(Times.utc(a.statsReset()))
                .append("; last archived ").append(a.lastArchivedWal() == null ? "none" : a.lastArchivedWal() + " at "
                        + Times.utc(a.lastArchivedTime()) + " (" + Times.age(Duration.between(a.lastArchivedTime(), inv.now()))
                        + " ago)")
                .append(a.lastFailedWal() == null ? "" : "; last failure " + a.lastFailedWal() + " at " + Times.utc(a.lastFailedTime()))
                .append('\n'), () -> sb.append("archiving: unknown\n"));
        sb.append(drills.describe()).append('\n');
        sb.append('\n').append(problems.isEmpty() ? "healthy\n" : "UNHEALTHY:\n");
        problems.forEach(p -> sb.append("  - ").append(p).append('\n'));
        return sb.toString();
    }

    public static String json(Inventory inv, List<String> problems, VerifyHistory drills) {
        ObjectNode root = JSON.createObjectNode();
        StanzaInfo s = inv.stanza();
        root.put("stanza", s.name());
        root.put("status", s.statusMessage());
        root.put("statusCode", s.statusCode());
        root.put("systemId", s.systemId());
        root.put("dbVersion", s.dbVersion());
        root.put("source", inv.where());
        ArrayNode sets = root.putArray("backups");
        for (BackupSet b : s.currentBackups()) {
            ObjectNode n = sets.addObject();
            n.put("label", b.label());
            n.put("type", b.type());
            n.put("start", Times.utc(b.start()));
            n.put("stop", Times.utc(b.stop()));
            n.put("lsnStart", String.valueOf(b.lsnStart()));
            n.put("lsnStop", String.valueOf(b.lsnStop()));
            n.put("walStart", b.walStart());
            n.put("walStop", b.walStop());
            n.put("size", b.size());
            n.put("repoSize", b.repoSize());
            n.put("repoDelta", b.repoDelta());
            n.put("prior", b.prior());
            n.put("error", b.error());
            b.preRestoreOf().ifPresent(id -> n.put("preRestoreOf", id));
        }
        inv.window().ifPresent(w -> {
            ObjectNode n = root.putObject("window");
            n.put("start", Times.utc(w.start()));
            n.put("startLsn", w.startLsn().toString());
            n.put("end", Times.utc(w.end()));
            n.put("endSource", w.endSource().name().toLowerCase());
            n.put("endLsn", w.endLsn().toString());
            n.put("lastWal", w.lastWal());
        });
        inv.archiver().ifPresent(a -> {
            ObjectNode n = root.putObject("archiving");
            n.put("archivedCount", a.archivedCount());
            n.put("failedCount", a.failedCount());
            n.put("lastArchivedWal", a.lastArchivedWal());
            n.put("lastArchivedTime", a.lastArchivedTime() == null ? null : Times.utc(a.lastArchivedTime()));
            if (a.lastArchivedTime() != null) {
                n.put("lastArchivedAgeSeconds", Duration.between(a.lastArchivedTime(), inv.now()).getSeconds());
            }
            n.put("lastFailedWal", a.lastFailedWal());
            n.put("lastFailedTime", a.lastFailedTime() == null ? null : Times.utc(a.lastFailedTime()));
            n.put("failing", a.failing());
            n.put("statsReset", Times.utc(a.statsReset()));
        });
        ArrayNode verify = root.putArray("restoreDrills");
        for (VerifyRecord d : drills.drills()) {
            ObjectNode n = verify.addObject();
            n.put("finished", Times.utc(d.finished()));
            n.put("ok", d.ok());
            n.put("message", d.message());
            n.put("backupSet", d.backupSet());
            n.put("seconds", d.seconds());
        }
        root.put("databaseSystemId", inv.systemId());
        root.put("healthy", problems.isEmpty());
        ArrayNode p = root.putArray("problems");
        problems.forEach(p::add);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
