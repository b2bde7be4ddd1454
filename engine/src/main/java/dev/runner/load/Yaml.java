package dev.runner.load;

import dev.runner.model.SourcePos;
import java.nio.file.Path;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Small helpers over snakeyaml-engine's node tree. */
final class Yaml {
    private Yaml() {
    }

    static SourcePos pos(Path file, Node node) {
        return node == null ? SourcePos.unknown(file) : pos(file, node.getStartMark());
    }

    static SourcePos pos(Path file, Optional<Mark> mark) {
        return mark.map(m -> new SourcePos(file, m.getLine() + 1, m.getColumn() + 1))
                .orElse(SourcePos.unknown(file));
    }

    /**
     * The position of character {@code offset} of a scalar's value when the source maps one to one onto
     * the value (a one-line plain or quoted scalar without escapes before it); else the scalar's start.
     */
    static SourcePos pos(Path file, ScalarNode n, int offset) {
        SourcePos start = pos(file, n);
        Optional<Mark> s = n.getStartMark();
        Optional<Mark> e = n.getEndMark();
        if (s.isEmpty() || e.isEmpty() || s.get().getLine() != e.get().getLine() || offset <= 0) {
            return start;
        }
        String before = n.getValue().substring(0, Math.min(offset, n.getValue().length()));
        int shift = switch (n.getScalarStyle()) {
            case PLAIN -> 0;
            case SINGLE_QUOTED -> before.contains("'") ? -1 : 1;
            case DOUBLE_QUOTED -> before.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '\\' && c != '"') ? 1 : -1;
            default -> -1;
        };
        return shift < 0 ? start : new SourcePos(file, start.line(), start.column() + shift + offset);
    }

    static Optional<NodeTuple> entry(Node map, String key) {
        if (map instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return Optional.of(t);
                }
            }
        }
        return Optional.empty();
    }

    static Optional<Node> get(Node map, String key) {
        return entry(map, key).map(NodeTuple::getValueNode);
    }

    static String keyText(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
    }

    /** The text of a scalar (booleans and numbers as written), empty for collections and null. */
    static Optional<String> text(Node n) {
        if (n instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
            return Optional.of(s.getValue());
        }
        return Optional.empty();
    }

    /** A string value (a number or boolean there is a schema error, reported once, not here). */
    static Optional<String> string(Node map, String key) {
        return get(map, key).filter(Yaml::isString).flatMap(Yaml::text);
    }

    static boolean isString(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.STR);
    }

    static boolean bool(Node map, String key) {
        return get(map, key).flatMap(Yaml::text).map(Boolean::parseBoolean).orElse(false);
    }

    static boolean isNull(Node n) {
        return n == null || n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    static java.util.List<Node> items(Node n) {
        return n instanceof SequenceNode s ? s.getValue() : java.util.List.of();
    }

    static String describe(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        Tag t = n.getTag();
        if (t.equals(Tag.INT) || t.equals(Tag.FLOAT)) {
            return "a number";
        }
        if (t.equals(Tag.BOOL)) {
            return "a boolean";
        }
        return t.equals(Tag.NULL) ? "empty (null)" : "a string";
    }
}
