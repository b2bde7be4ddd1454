package dev.runner.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.networknt.schema.InputFormat;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The mapper-free schema reader gives the trees, and the string forms, that Jackson's mapper gives. */
class SchemaJsonTest {
    private static final String TRICKY = "{\"enum\": [\"a\\\"b\", \"c\\\\d\", \"tab\\there\", \"nl\\n\", \"\\u0001\","
            + " \"/slash/\", \"\\u00e9t\\u00e9 \\ud83d\\ude00\", \"\", \"${x}\"],"
            + " \"n\": [0, -1, 2147483648, 123456789012345678901234567890, 1.5, -2e3, true, false, null],"
            + " \"o\": {\"$ref\": \"#/$defs/x\", \"dup\": 1, \"dup\": 2}, \"e\": {}, \"a\": [],\n"
            + "\t\"tight\":{\"k\":[1,2.0,\"x\"]},\t\"long\": 9223372036854775807, \"neg\": -9223372036854775809}";

    private final SchemaJson reader = new SchemaJson();

    @Test
    void sameTreeAsJacksonsMapper() {
        JsonNode expected = JsonMapper.builder().build().readTree(TRICKY);
        JsonNode actual = reader.readTree(TRICKY, InputFormat.JSON);
        assertEquals(expected, actual);
        assertEquals(expected.toString(), actual.toString());
        for (int i = 0; i < expected.get("enum").size(); i++) {
            assertEquals(expected.get("enum").get(i).toString(), actual.get("enum").get(i).toString());
        }
        assertEquals(expected, reader.readTree(new ByteArrayInputStream(TRICKY.getBytes(StandardCharsets.UTF_8)),
                InputFormat.JSON));
    }

    @Test
    void readsJsonOnly() {
        assertThrows(IllegalArgumentException.class, () -> reader.readTree("a: 1", InputFormat.YAML));
        assertThrows(RuntimeException.class, () -> reader.readTree("{\"a\": [1, 2}", InputFormat.JSON));
        assertEquals(JsonMapper.builder().build().missingNode(), reader.readTree("", InputFormat.JSON));
    }
}
