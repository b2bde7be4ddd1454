package dev.runner.load;

import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Turns networknt errors into messages a workflow author can act on. */
final class SchemaMessages {
    private SchemaMessages() {
    }

    static String message(Error e, ErrorLocation loc, JsonNode schemaRoot) {
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        String value = Yaml.text(loc.instance()).orElse(null);
        String what = loc.name().isEmpty() ? "the value" : "'" + loc.name() + "'";
        String schemaRef = e.getSchemaLocation() == null ? "" : e.getSchemaLocation().toString();
        Object[] args = e.getArguments() == null ? new Object[0] : e.getArguments();
        return switch (keyword) {
            case "additionalProperties", "unevaluatedProperties" -> "unknown key '" + e.getProperty() + "'"
                    + Suggest.didYouMean(e.getProperty(), knownKeys(e, schemaRoot));
            case "required" -> "missing required key '" + e.getProperty() + "'";
            case "type" -> what + " must be " + article(args.length > 1 ? String.valueOf(args[1]) : "?")
                    + ", not " + Yaml.describe(loc.instance());
            case "enum" -> enumMessage(what, value, e.getSchemaNode());
            case "const" -> what + " must be '" + (args.length > 0 ? args[0] : "?") + "'"
                    + (value != null ? " (found '" + value + "')" : "");
            case "pattern" -> patternMessage(schemaRef, what, value, args);
            case "propertyNames" -> schemaRef.contains("/params/")
                    ? "invalid parameter name '" + e.getProperty() + "': use letters, digits, '_' and '-',"
                    + " starting with a letter or '_'"
                    : "invalid key '" + e.getProperty() + "'";
            case "minItems" -> what + " must not be empty";
            default -> what + " " + e.getMessage();
        };
    }

    private static String patternMessage(String schemaRef, String what, String value, Object[] args) {
        String v = "'" + value + "'";
        if (schemaRef.endsWith("/duration/pattern")) {
            return what + ": " + v + " is not a duration (use e.g. 500ms, 30s, 10m, 2h, 1h30m)";
        }
        if (schemaRef.endsWith("/stepId/pattern")) {
            return "invalid step id " + v + ": use lowercase letters, digits and '-', starting with a letter"
                    + " or digit";
        }
        if (schemaRef.endsWith("/from/pattern")) {
            return "invalid 'from' " + v + ": use env:VARIABLE_NAME";
        }
        if (schemaRef.endsWith("/uses/pattern")) {
            return "'uses' must name a step file ending in .yaml or .yml, not " + v;
        }
        return what + ": " + v + " does not match the pattern " + (args.length > 0 ? args[0] : "");
    }

    private static String enumMessage(String what, String value, JsonNode enumNode) {
        List<String> allowed = new ArrayList<>();
        if (enumNode != null && enumNode.isArray()) {
            enumNode.forEach(n -> allowed.add(n.isString() ? n.stringValue() : n.toString()));
        }
        return what + " must be one of: " + String.join(", ", allowed) + (value == null ? ""
                : ", not '" + value + "'" + Suggest.didYouMean(value, allowed));
    }

    /** The property names declared next to the failing keyword (its schema's {@code properties}). */
    private static List<String> knownKeys(Error e, JsonNode schemaRoot) {
        List<String> keys = new ArrayList<>();
        if (e.getSchemaLocation() == null || schemaRoot == null) {
            return keys;
        }
        NodePath fragment = e.getSchemaLocation().getFragment();
        JsonNode n = schemaRoot;
        for (int i = 0; i < fragment.getNameCount() - 1 && n != null; i++) {
            Object el = fragment.getElement(i);
            n = el instanceof Integer idx ? n.get(idx) : n.get(String.valueOf(el));
        }
        if (n != null && n.get("properties") != null) {
            keys.addAll(n.get("properties").propertyNames());
        }
        return keys;
    }

    static String article(String type) {
        String t = type.replace("[", "").replace("]", "").replace("\"", "");
        if (t.contains(",")) {
            return "one of " + t;
        }
        return switch (t) {
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "integer" -> "an integer";
            case "string" -> "a string";
            case "boolean" -> "a boolean (true or false)";
            case "number" -> "a number";
            default -> t;
        };
    }
}
