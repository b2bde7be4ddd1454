package dev.runner.local.api.registry;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON merge patch, RFC 7386 (https://www.rfc-editor.org/rfc/rfc7386): objects merge, null deletes, the rest replaces. */
final class MergePatch {
    private MergePatch() {}

    static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!(patch instanceof ObjectNode p)) {
            return patch;
        }
        ObjectNode out = target instanceof ObjectNode t ? t.deepCopy() : Json.MAPPER.createObjectNode();
        for (var e : p.properties()) {
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), apply(out.get(e.getKey()), e.getValue()));
            }
        }
        return out;
    }
}
