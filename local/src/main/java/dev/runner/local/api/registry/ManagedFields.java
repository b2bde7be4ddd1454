package dev.runner.local.api.registry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * metadata.managedFields: one entry per (manager, operation), each owning a {@link FieldSet}. An Apply entry holds
 * the manager's whole apply configuration; an Update (create, update, non-apply patch) takes the fields whose value
 * it set or changed. https://kubernetes.io/docs/reference/using-api/server-side-apply/#managed-fields
 */
final class ManagedFields {
    record Entry(String manager, String operation, String apiVersion, Set<List<String>> fields) {}

    private ManagedFields() {}

    static List<Entry> read(JsonNode obj) {
        List<Entry> out = new ArrayList<>();
        for (JsonNode e : Json.arrayOrEmpty(obj == null ? null : obj.path("metadata"), "managedFields")) {
            out.add(new Entry(Json.text(e, "manager"), Json.text(e, "operation"), Json.text(e, "apiVersion"),
                    FieldSet.fromFieldsV1(e.get("fieldsV1"))));
        }
        return out;
    }

    /** Replaces the object's managedFields; an entry whose fields did not change keeps its time. */
    static void write(ObjectNode obj, List<Entry> entries) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        java.util.Map<String, String> unchangedSince = new java.util.HashMap<>();
        for (JsonNode e : Json.arrayOrEmpty(obj.path("metadata"), "managedFields")) {
            unchangedSince.put(Json.text(e, "manager") + "/" + Json.text(e, "operation") + "/"
                    + FieldSet.fromFieldsV1(e.get("fieldsV1")), Json.text(e, "time"));
        }
        for (Entry e : entries) {
            if (e.fields().isEmpty()) {
                continue;
            }
            ObjectNode n = list.addObject();
            n.put("manager", e.manager());
            n.put("operation", e.operation());
            n.put("apiVersion", e.apiVersion());
            n.put("time", unchangedSince.getOrDefault(e.manager() + "/" + e.operation() + "/" + e.fields(), now));
            n.put("fieldsType", "FieldsV1");
            n.set("fieldsV1", FieldSet.toFieldsV1(e.fields()));
        }
        Json.object(obj, "metadata").set("managedFields", list);
    }

    /**
     * After a create or non-apply update by {@code manager}: it owns every field whose value it set or changed, and
     * nobody owns a field the update removed.
     */
    static void recordUpdate(JsonNode old, ObjectNode obj, String manager, String apiVersion) {
        Set<List<String>> present = FieldSet.of(obj);
        List<Entry> entries = new ArrayList<>();
        for (Entry e : read(old)) {
            Set<List<String>> kept = new java.util.LinkedHashSet<>(e.fields());
            kept.removeIf(f -> FieldSet.valueAt(obj, f) == null);
            entries.add(new Entry(e.manager(), e.operation(), e.apiVersion(), kept));
        }
        Set<List<String>> changed = new java.util.LinkedHashSet<>();
        for (List<String> f : present) {
            if (old == null || !java.util.Objects.equals(FieldSet.valueAt(old, f), FieldSet.valueAt(obj, f))) {
                changed.add(f);
            }
        }
        if (changed.isEmpty() && old != null) {
            write(obj, entries);
            return;
        }
        List<Entry> out = new ArrayList<>();
        Set<List<String>> mine = new java.util.LinkedHashSet<>(changed);
        for (Entry e : entries) {
            if (e.manager().equals(manager) && e.operation().equals("Update")) {
                mine.addAll(e.fields());
                continue;
            }
            Set<List<String>> kept = new java.util.LinkedHashSet<>(e.fields());
            kept.removeAll(changed);
            out.add(new Entry(e.manager(), e.operation(), e.apiVersion(), kept));
        }
        out.add(new Entry(manager, "Update", apiVersion, mine));
        write(obj, out);
    }
}
