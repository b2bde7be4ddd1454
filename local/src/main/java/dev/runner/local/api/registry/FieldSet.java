package dev.runner.local.api.registry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The set of fields an object (or an apply configuration) sets, as structured-merge-diff tracks ownership: map keys
 * as {@code f:name}, items of keyed lists ({@link MergeKeys}) as {@code k:{"name":"pg"}} with a {@code .} for the
 * item itself, atomic lists and scalars as leaves. Serialised as the FieldsV1 of managedFields.
 * https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management
 */
final class FieldSet {
    private static final Set<String> UNOWNED_METADATA = Set.of("name", "namespace", "uid", "resourceVersion",
            "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp");

    private FieldSet() {}

    /** Every field path of {@code obj} (apiVersion, kind, identity metadata and status are not owned). */
    static Set<List<String>> of(JsonNode obj) {
        Set<List<String>> out = new LinkedHashSet<>();
        if (obj instanceof ObjectNode o) {
            for (var e : o.properties()) {
                String k = e.getKey();
                if (k.equals("apiVersion") || k.equals("kind") || k.equals("status")) {
                    continue;
                }
                if (k.equals("metadata") && e.getValue() instanceof ObjectNode meta) {
                    for (var m : meta.properties()) {
                        if (!UNOWNED_METADATA.contains(m.getKey())) {
                            walk(m.getValue(), List.of("f:metadata", "f:" + m.getKey()), "metadata", m.getKey(),
                                    out);
                        }
                    }
                } else {
                    walk(e.getValue(), List.of("f:" + k), "", k, out);
                }
            }
        }
        return out;
    }

    private static void walk(JsonNode value, List<String> at, String parentPath, String field,
            Set<List<String>> out) {
        String here = parentPath.isEmpty() ? field : parentPath + "." + field;
        String key = MergeKeys.of(parentPath, field);
        if (value instanceof ObjectNode o && !o.isEmpty()) {
            for (var e : o.properties()) {
                walk(e.getValue(), plus(at, "f:" + e.getKey()), here, e.getKey(), out);
            }
        } else if (value instanceof ArrayNode list && key != null) {
            for (JsonNode item : list) {
                List<String> itemAt = plus(at, itemKey(key, item));
                out.add(plus(itemAt, "."));
                if (item instanceof ObjectNode o) {
                    for (var e : o.properties()) {
                        walk(e.getValue(), plus(itemAt, "f:" + e.getKey()), here, e.getKey(), out);
                    }
                }
            }
        } else {
            out.add(at);
        }
    }

    static String itemKey(String key, JsonNode item) {
        ObjectNode k = Json.MAPPER.createObjectNode();
        k.set(key, item.get(key));
        return "k:" + k;
    }

    /** The value at {@code path} in {@code obj}, or null. */
    static JsonNode valueAt(JsonNode obj, List<String> path) {
        JsonNode n = obj;
        for (String seg : path) {
            if (n == null || seg.equals(".")) {
                return n;
            }
            if (seg.startsWith("f:")) {
                n = n.get(seg.substring(2));
            } else {
                n = find(n, Json.MAPPER.readTree(seg.substring(2)));
            }
        }
        return n;
    }

    private static JsonNode find(JsonNode list, JsonNode key) {
        if (!(list instanceof ArrayNode a)) {
            return null;
        }
        for (JsonNode item : a) {
            boolean match = true;
            for (var e : key.properties()) {
                match &= e.getValue().equals(item.get(e.getKey()));
            }
            if (match) {
                return item;
            }
        }
        return null;
    }

    /** Removes the field at {@code path} from {@code obj} (a keyed item when the path ends in its "."). */
    static void remove(JsonNode obj, List<String> path) {
        List<String> p = path.get(path.size() - 1).equals(".") ? path.subList(0, path.size() - 1) : path;
        JsonNode parent = valueAt(obj, p.subList(0, p.size() - 1));
        String last = p.get(p.size() - 1);
        if (last.startsWith("f:") && parent instanceof ObjectNode o) {
            o.remove(last.substring(2));
        } else if (last.startsWith("k:") && parent instanceof ArrayNode a) {
            JsonNode item = find(a, Json.MAPPER.readTree(last.substring(2)));
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i) == item) {
                    a.remove(i);
                    break;
                }
            }
        }
    }

    /** As a conflict names a field: {@code .spec.template.spec.containers[name="pg"].image}. */
    static String display(List<String> path) {
        StringBuilder b = new StringBuilder();
        for (String seg : path) {
            if (seg.startsWith("f:")) {
                b.append('.').append(seg.substring(2));
            } else if (seg.startsWith("k:")) {
                JsonNode k = Json.MAPPER.readTree(seg.substring(2));
                List<String> parts = new ArrayList<>();
                k.properties().forEach(e -> parts.add(e.getKey() + "=" + e.getValue()));
                b.append('[').append(String.join(",", parts)).append(']');
            }
        }
        return b.toString();
    }

    static ObjectNode toFieldsV1(Set<List<String>> fields) {
        Map<String, Object> root = new TreeMap<>();
        for (List<String> path : fields) {
            Map<String, Object> n = root;
            for (String seg : path) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) n.computeIfAbsent(seg, s -> new TreeMap<>());
                n = child;
            }
        }
        return Json.MAPPER.valueToTree(root);
    }

    static Set<List<String>> fromFieldsV1(JsonNode fields) {
        Set<List<String>> out = new LinkedHashSet<>();
        collect(fields, List.of(), out);
        return out;
    }

    private static void collect(JsonNode node, List<String> at, Set<List<String>> out) {
        if (node == null || node.isEmpty()) {
            if (!at.isEmpty()) {
                out.add(at);
            }
            return;
        }
        node.properties().forEach(e -> collect(e.getValue(), plus(at, e.getKey()), out));
    }

    private static List<String> plus(List<String> list, String seg) {
        List<String> out = new ArrayList<>(list);
        out.add(seg);
        return List.copyOf(out);
    }
}
