package dev.runner.load;

import java.math.BigInteger;
import java.util.Locale;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts a (hazard-checked) snakeyaml node tree to Jackson nodes for JSON Schema validation and to
 * plain Java values for the model. Scalars keep the type YAML 1.2's core schema gives them.
 */
final class JsonTree {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonTree() {
    }

    static JsonNode json(Node n) {
        if (n instanceof MappingNode m) {
            ObjectNode o = F.objectNode();
            for (NodeTuple t : m.getValue()) {
                o.set(Yaml.keyText(t), json(t.getValueNode()));
            }
            return o;
        }
        if (n instanceof SequenceNode s) {
            ArrayNode a = F.arrayNode();
            s.getValue().forEach(item -> a.add(json(item)));
            return a;
        }
        Object v = scalar((ScalarNode) n);
        if (v == null) {
            return F.nullNode();
        }
        if (v instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (v instanceof Long l) {
            return F.numberNode(l);
        }
        if (v instanceof BigInteger b) {
            return F.numberNode(b);
        }
        if (v instanceof Double d) {
            return F.numberNode(d);
        }
        return F.stringNode((String) v);
    }

    /** Plain Java value: Map (insertion ordered), List, String, Long, BigInteger, Double, Boolean or null. */
    static Object value(Node n) {
        if (n instanceof MappingNode m) {
            java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                out.put(Yaml.keyText(t), value(t.getValueNode()));
            }
            return out;
        }
        if (n instanceof SequenceNode s) {
            java.util.List<Object> out = new java.util.ArrayList<>();
            s.getValue().forEach(item -> out.add(value(item)));
            return out;
        }
        return scalar((ScalarNode) n);
    }

    static Object scalar(ScalarNode s) {
        Tag tag = s.getTag();
        String v = s.getValue();
        if (tag.equals(Tag.NULL)) {
            return null;
        }
        if (tag.equals(Tag.BOOL)) {
            return Boolean.parseBoolean(v);
        }
        try {
            if (tag.equals(Tag.INT)) {
                BigInteger b = parseInt(v);
                return b.bitLength() < 64 ? (Object) b.longValue() : b;
            }
            if (tag.equals(Tag.FLOAT)) {
                String lower = v.toLowerCase(Locale.ROOT);
                if (lower.endsWith(".inf")) {
                    return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                }
                return lower.equals(".nan") ? Double.NaN : Double.parseDouble(v);
            }
        } catch (NumberFormatException e) {
            return v;
        }
        return v;
    }

    private static BigInteger parseInt(String v) {
        String s = v.startsWith("+") ? v.substring(1) : v;
        if (s.startsWith("0x")) {
            return new BigInteger(s.substring(2), 16);
        }
        if (s.startsWith("0o")) {
            return new BigInteger(s.substring(2), 8);
        }
        return new BigInteger(s);
    }
}
