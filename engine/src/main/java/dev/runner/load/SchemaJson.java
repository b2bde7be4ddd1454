package dev.runner.load;

import com.networknt.schema.InputFormat;
import com.networknt.schema.serialization.NodeReader;
import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Reads schema JSON into Jackson nodes with the streaming parser alone. A Jackson 3 {@code JsonMapper}
 * (about 450 classes: every serializer, the java.time module) is a large part of a cold
 * {@code runner validate}, and networknt builds one twice over: its default reader reads trees with it,
 * and its {@code enum} keyword prints each string value with {@code JsonNode.toString()}, which goes
 * through Jackson's shared mapper. So strings here print themselves, exactly as Jackson would.
 */
final class SchemaJson implements NodeReader {
    private static final JsonFactory JSON = new JsonFactory();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Override
    public JsonNode readTree(String content, InputFormat format) {
        requireJson(format);
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), content)) {
            return read(p);
        }
    }

    @Override
    public JsonNode readTree(InputStream content, InputFormat format) {
        requireJson(format);
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), content)) {
            return read(p);
        }
    }

    private static void requireJson(InputFormat format) {
        if (format != InputFormat.JSON) {
            throw new IllegalArgumentException("schemas are read as JSON, not " + format);
        }
    }

    private static JsonNode read(JsonParser p) {
        JsonToken first = p.nextToken();
        if (first == null) {
            return F.missingNode();
        }
        JsonNode root = value(p, first);
        if (p.nextToken() != null) {
            throw new IllegalArgumentException("trailing content after the JSON value at "
                    + p.currentTokenLocation().offsetDescription());
        }
        return root;
    }

    private static JsonNode value(JsonParser p, JsonToken t) throws JacksonException {
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = F.objectNode();
                for (String name = p.nextName(); name != null; name = p.nextName()) {
                    o.set(name, value(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = F.arrayNode();
                for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
                    a.add(value(p, item));
                }
                return a;
            }
            case VALUE_STRING -> {
                return new SchemaString(p.getString());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> F.numberNode(p.getIntValue());
                    case LONG -> F.numberNode(p.getLongValue());
                    default -> F.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return F.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return F.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return F.nullNode();
            }
            default -> throw new IllegalArgumentException("unexpected JSON token " + t);
        }
    }

    /** A string node whose {@code toString()} (its JSON form) needs no mapper. */
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
