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

    static void write(ObjectNode obj, List<Entry> entries) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        for (Entry e : entries) {
            if (e.fields().isEmpty()) {
                continue;
            }
            ObjectNode n = list.addObject();
            n.put("manager", e.manager());
            n.put("operation", e.operation());
            n.put("apiVersion", e.apiVersion());
            n.put("time", now);
            n.put("fieldsType", "FieldsV1");
            n.set("fieldsV1", FieldSet.toFieldsV1(e.fields()));
        }
        Json.object(obj, "metadata").set("managedFields", list);
    }

    /** After a create or non-apply update by {@code manager}: it owns every field whose value it set or changed. */
    static void recordUpdate(JsonNode old, ObjectNode obj, String manager, String apiVersion) {
        List<Entry> entries = read(old);
        Set<List<String>> changed = new java.util.LinkedHashSet<>();
        for (List<String> f : FieldSet.of(obj)) {
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
