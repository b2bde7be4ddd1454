package dev.runner.local.api.registry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side apply (PATCH with application/apply-patch+yaml): the configuration is merged into the live object by
 * merge keys; a field another manager owns and the configuration sets to a different value is a conflict (409)
 * unless {@code force=true}, which moves ownership; fields the manager applied before and no longer applies, and
 * nobody else owns, are removed. https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
 */
final class ServerSideApply {
    private ServerSideApply() {}

    static ObjectNode apply(ResourceRef ref, JsonNode live, ObjectNode config, String manager, boolean force)
            throws ApiException {
        if (manager == null || manager.isEmpty()) {
            throw ApiException.badRequest(ref, "PATCH, application/apply-patch+yaml requires fieldManager to be set");
        }
        Set<List<String>> applied = FieldSet.of(config);
        List<ManagedFields.Entry> entries = ManagedFields.read(live);
        List<FieldError> conflicts = new ArrayList<>();
        List<ManagedFields.Entry> others = new ArrayList<>();
        Set<List<String>> before = new LinkedHashSet<>();
        for (ManagedFields.Entry e : entries) {
            if (e.manager().equals(manager) && e.operation().equals("Apply")) {
                before.addAll(e.fields());
                continue;
            }
            Set<List<String>> kept = new LinkedHashSet<>(e.fields());
            for (List<String> f : e.fields()) {
                if (applied.contains(f) && !f.get(f.size() - 1).equals(".") && !Objects.equals(FieldSet.valueAt(live, f), FieldSet.valueAt(config, f))) {
                    conflicts.add(new FieldError("FieldManagerConflict", FieldSet.display(f), "conflict with \""
                            + e.manager() + "\"" + (e.operation().equals("Update") ? " using " + e.apiVersion() : "")));
                    kept.remove(f);
                }
            }
            others.add(new ManagedFields.Entry(e.manager(), e.operation(), e.apiVersion(), kept));
        }
        if (!conflicts.isEmpty() && !force) {
            throw ApiException.conflict(ref, "Apply failed with " + conflicts.size() + " conflict"
                    + (conflicts.size() == 1 ? "" : "s") + ": " + String.join("\n", conflicts.stream()
                    .map(c -> c.detail() + ": " + c.field()).toList()), conflicts);
        }
        ObjectNode result = live == null ? Json.MAPPER.createObjectNode()
                : (ObjectNode) StrategicMergePatch.apply(live, Json.MAPPER.createObjectNode());
        result = (ObjectNode) StrategicMergePatch.apply(result, config);
        Set<List<String>> ownedByOthers = new LinkedHashSet<>();
        others.forEach(e -> ownedByOthers.addAll(e.fields()));
        for (List<String> f : before) {
            if (!applied.contains(f) && !ownedByOthers.contains(f)) {
                FieldSet.remove(result, f);
            }
        }
        others.add(new ManagedFields.Entry(manager, "Apply", ref.apiVersion(), applied));
        ManagedFields.write(result, others);
        return result;
    }
}
