package dev.runner.load;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.runner.step.StepType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * JSON Schema (2020-12, networknt) validation of a YAML node tree, with each error turned into a
 * positioned {@link Problem}. Schemas are compiled on first use and cached for the JVM's life: the
 * envelope once, a step type's {@code with} schema only when a step of that type is loaded.
 */
final class SchemaCheck {
    static final String ENVELOPE_RESOURCE = "/dev/runner/schema/workflow.schema.json";

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.nodeReader(new SchemaJson()));
    private static final Map<String, Schema> WITH_SCHEMAS = new ConcurrentHashMap<>();
    private static volatile Schema envelope;

    private SchemaCheck() {
    }

    static String envelopeText() {
        try (InputStream in = SchemaCheck.class.getResourceAsStream(ENVELOPE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + ENVELOPE_RESOURCE + " (broken build)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema envelope() {
        Schema s = envelope;
        if (s == null) {
            synchronized (SchemaCheck.class) {
                if (envelope == null) {
                    envelope = REGISTRY.getSchema(envelopeText(), InputFormat.JSON);
                }
                s = envelope;
            }
        }
        return s;
    }

    /** Validates a whole workflow or step file against the envelope schema. */
    static void envelope(Path file, Node root, Problems problems) {
        Schema s = envelope();
        report(s.validate(JsonTree.json(root)), s, file, root, problems, false);
    }

    /** Validates a data file (e.g. a targets file) against a schema from the class path; compiled once. */
    static void resource(String schemaResource, Path file, Node root, Problems problems) {
        Schema s = WITH_SCHEMAS.computeIfAbsent("resource:" + schemaResource, k -> {
            try (InputStream in = SchemaCheck.class.getResourceAsStream(schemaResource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + schemaResource + " (broken build)");
                }
                return REGISTRY.getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8), InputFormat.JSON);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        report(s.validate(JsonTree.json(root)), s, file, root, problems, false);
    }

    /**
     * Validates a step's {@code with} against its type's schema. Values that are {@code ${...}}
     * expressions are not held to the schema's types here; they are checked after interpolation.
     */
    static void with(StepType type, Path file, Node with, Node typeNode, Problems problems) {
        Schema schema;
        try {
            schema = WITH_SCHEMAS.computeIfAbsent(type.getClass().getName() + "/" + type.name(),
                    k -> REGISTRY.getSchema(type.withSchema(), InputFormat.JSON));
        } catch (SchemaException | IllegalArgumentException | UncheckedIOException e) {
            problems.add(Yaml.pos(file, typeNode), "step type '" + type.name() + "' publishes an invalid schema"
                    + " for 'with': " + e.getMessage());
            return;
        }
        report(schema.validate(JsonTree.json(with)), schema, file, with, problems, true);
    }

    private static void report(List<Error> errors, Schema schema, Path file, Node base, Problems problems,
                               boolean lenient) {
        for (Alternatives.Item item : Alternatives.fold(errors)) {
            ErrorLocation loc = ErrorLocation.of(item.error(), base);
            if (lenient && loc.isExpression()) {
                continue;
            }
            String message = item.message() == null ? SchemaMessages.message(item.error(), loc, schema.getSchemaNode())
                    : "'" + (loc.name().isEmpty() ? (lenient ? "with" : "the file") : loc.name()) + "' " + item.message();
            problems.add(Yaml.pos(file, loc.node()), message);
        }
    }
}
