package dev.runner.local.api.registry;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Small accessors on request bodies as Jackson trees. */
final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    /** The object at {@code key}, created when absent. */
    static ObjectNode object(ObjectNode parent, String key) {
        JsonNode n = parent.get(key);
        if (n instanceof ObjectNode o) {
            return o;
        }
        return parent.putObject(key);
    }

    /** The object at {@code key}, or null when absent or not an object. */
    static ObjectNode objectOrNull(JsonNode parent, String key) {
        return parent != null && parent.get(key) instanceof ObjectNode o ? o : null;
    }

    static ArrayNode arrayOrEmpty(JsonNode parent, String key) {
        return parent != null && parent.get(key) instanceof ArrayNode a ? a : MAPPER.createArrayNode();
    }

    static boolean absent(JsonNode parent, String key) {
        return parent.get(key) == null || parent.get(key).isNull();
    }

    static void defaultTo(ObjectNode parent, String key, String value) {
        if (absent(parent, key) || parent.get(key).isString() && parent.get(key).asString().isEmpty()) {
            parent.put(key, value);
        }
    }

    static void defaultTo(ObjectNode parent, String key, int value) {
        if (absent(parent, key)) {
            parent.put(key, value);
        }
    }

    static void defaultTo(ObjectNode parent, String key, boolean value) {
        if (absent(parent, key)) {
            parent.put(key, value);
        }
    }

    static String text(JsonNode parent, String key) {
        JsonNode n = parent == null ? null : parent.get(key);
        return n == null || n.isNull() ? null : n.asString();
    }

    static ObjectNode parse(byte[] body) {
        JsonNode n = MAPPER.readTree(body);
        if (!(n instanceof ObjectNode o)) {
            throw new IllegalArgumentException("the body is not a JSON object");
        }
        return o;
    }
}
