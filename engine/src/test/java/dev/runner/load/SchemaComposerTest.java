package dev.runner.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SchemaComposerTest {
    final String combined = SchemaComposer.combinedSchema(FakeTypes.registry());
    final Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(combined, InputFormat.JSON);

    @Test
    void goodFilesPassTheCombinedSchema() throws Exception {
        assertEquals(0, schema.validate(Files.readString(Path.of("src/test/resources/good/simple.yaml")),
                InputFormat.YAML).size());
    }

    @Test
    void combinedSchemaChecksEachTypesWith() {
        String wf = """
                apiVersion: runner/v1
                kind: Workflow
                steps:
                  - {id: a, type: echo, with: {mesage: hi}}
                  - {id: b, type: count, with: {n: -1}}
                """;
        var errors = schema.validate(wf, InputFormat.YAML);
        assertTrue(errors.stream().anyMatch(e -> "mesage".equals(e.getProperty())), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> "minimum".equals(e.getKeyword())), errors.toString());
    }

    @Test
    void envelopeIsTheRepositorysSchemaFile() throws Exception {
        assertEquals(Files.readString(Path.of("../schema/workflow.schema.json")), SchemaCheck.envelopeText());
        assertTrue(combined.contains("\"with-echo\""));
    }
}
