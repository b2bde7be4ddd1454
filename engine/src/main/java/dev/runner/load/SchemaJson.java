package dev.runner.load;

import com.networknt.schema.InputFormat;
import com.networknt.schema.serialization.NodeReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Reads schema JSON into the Jackson nodes networknt works on, as Jackson's mapper would (same node types),
 * but without Jackson's reading machinery, which dominated a cold {@code runner validate}: networknt's default
 * reader builds a full {@code JsonMapper} (about 450 classes), and its {@code enum} keyword prints each string
 * value with {@code JsonNode.toString()}, which builds Jackson's shared mapper. JSON is YAML 1.2, so the YAML
 * parser that reads the workflow (loaded anyway) reads the schemas too, instead of Jackson's parser classes.
 */
final class SchemaJson implements NodeReader {
    private static final LoadSettings SETTINGS = LoadSettings.builder().setSchema(new CoreSchema()).build();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Override
    public JsonNode readTree(String content, InputFormat format) {
        if (format != InputFormat.JSON) {
            throw new IllegalArgumentException("schemas are read as JSON, not " + format);
        }
        return new Compose(SETTINGS).composeString(content).map(SchemaJson::json).orElse(F.missingNode());
    }

    @Override
    public JsonNode readTree(InputStream content, InputFormat format) {
        try {
            return readTree(new String(content.readAllBytes(), StandardCharsets.UTF_8), format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(Node n) {
        if (n instanceof MappingNode m) {
            ObjectNode o = F.objectNode();
            for (NodeTuple t : m.getValue()) {
                o.set(((ScalarNode) t.getKeyNode()).getValue(), json(t.getValueNode()));
            }
            return o;
        }
        if (n instanceof SequenceNode s) {
            ArrayNode a = F.arrayNode();
            s.getValue().forEach(item -> a.add(json(item)));
            return a;
        }
        Object v = JsonTree.scalar((ScalarNode) n);
        if (v == null) {
            return F.nullNode();
        }
        if (v instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (v instanceof Long l) { // Jackson reads a number that fits an int as an IntNode
            return l == l.intValue() ? F.numberNode(l.intValue()) : F.numberNode(l);
        }
        if (v instanceof BigInteger b) {
            return F.numberNode(b);
        }
        if (v instanceof Double d) {
            return F.numberNode(d);
        }
        return new SchemaString((String) v);
    }

    /** A string node whose {@code toString()} (its JSON form, exactly as Jackson writes it) needs no mapper. */
    static final class SchemaString extends StringNode {
        private static final long serialVersionUID = 1L;

        SchemaString(String value) {
            super(value);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(_value.length() + 2).append('"');
            JsonStringEncoder.getInstance().quoteAsString(_value, out);
            return out.append('"').toString();
        }
    }
}
