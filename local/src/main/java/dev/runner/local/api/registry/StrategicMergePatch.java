package dev.runner.local.api.registry;

import java.util.Iterator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strategic merge patch (application/strategic-merge-patch+json), what kubectl apply/patch/edit send: a merge patch
 * whose keyed lists ({@link MergeKeys}) merge by key, with the directives {@code $patch: delete|replace|merge} and
 * the ordering hints {@code $setElementOrder/…} and {@code $retainKeys} (ordering is not modelled, the hints are
 * dropped). https://github.com/kubernetes/community/blob/master/contributors/devel/sig-api-machinery/strategic-merge-patch.md
 */
final class StrategicMergePatch {
    private StrategicMergePatch() {}

    static JsonNode apply(JsonNode target, JsonNode patch) {
        return merge(target, patch, "");
    }

    private static JsonNode merge(JsonNode target, JsonNode patch, String path) {
        if (!(patch instanceof ObjectNode p)) {
            return patch;
        }
        String directive = Json.text(p, "$patch");
        if ("replace".equals(directive)) {
            ObjectNode copy = p.deepCopy();
            copy.remove("$patch");
            return copy;
        }
        if ("delete".equals(directive)) {
            return null;
        }
        ObjectNode out = target instanceof ObjectNode t ? t.deepCopy() : Json.MAPPER.createObjectNode();
        for (var e : p.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.startsWith("$")) {
                continue;
            }
            if (value.isNull()) {
                out.remove(key);
                continue;
            }
            String childPath = path.isEmpty() ? key : path + "." + key;
            String mergeKey = MergeKeys.of(path, key);
            if (value instanceof ArrayNode list && mergeKey != null && out.get(key) instanceof ArrayNode current) {
                out.set(key, mergeList(current, list, mergeKey, childPath));
            } else if (value instanceof ArrayNode list) {
                out.set(key, withoutDirectives(list));
            } else {
                JsonNode merged = merge(out.get(key), value, childPath);
                if (merged == null) {
                    out.remove(key);
                } else {
                    out.set(key, merged);
                }
            }
        }
        return out;
    }

    private static ArrayNode mergeList(ArrayNode current, ArrayNode patch, String key, String path) {
        ArrayNode out = current.deepCopy();
        for (JsonNode item : patch) {
            if (item instanceof ObjectNode o && "replace".equals(Json.text(o, "$patch"))) {
                return withoutDirectives(patch);
            }
            JsonNode id = item.get(key);
            int at = indexOf(out, key, id);
            if (item instanceof ObjectNode o && "delete".equals(Json.text(o, "$patch"))) {
                if (at >= 0) {
                    out.remove(at);
                }
            } else if (at >= 0) {
                out.set(at, merge(out.get(at), item, path));
            } else {
                out.add(merge(null, item, path));
            }
        }
        return out;
    }

    private static int indexOf(ArrayNode list, String key, JsonNode id) {
        for (int i = 0; i < list.size(); i++) {
            if (id != null && id.equals(list.get(i).get(key))) {
                return i;
            }
        }
        return -1;
    }

    private static ArrayNode withoutDirectives(ArrayNode list) {
        ArrayNode out = list.deepCopy();
        for (Iterator<JsonNode> it = out.iterator(); it.hasNext(); ) {
            if (it.next() instanceof ObjectNode o && o.has("$patch")) {
                it.remove();
            }
        }
        return out;
    }
}
