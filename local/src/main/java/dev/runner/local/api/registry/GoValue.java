package dev.runner.local.api.registry;

import tools.jackson.databind.JsonNode;

/** A value as the Go API server prints it in a field error: strings quoted, numbers bare, objects as JSON. */
final class GoValue {
    private GoValue() {}

    static String of(Object value) {
        if (value instanceof JsonNode n) {
            return n.isString() ? "\"" + n.asString() + "\"" : n.toString();
        }
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
