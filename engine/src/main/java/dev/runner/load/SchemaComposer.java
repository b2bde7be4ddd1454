package dev.runner.load;

import dev.runner.step.StepRegistry;
import dev.runner.step.StepType;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The full JSON Schema of a workflow file for editors and {@code runner schema}: the envelope, with each
 * known step type's {@code with} schema attached to steps of that type (if/then on {@code type}).
 */
public final class SchemaComposer {
    private SchemaComposer() {
    }

    public static String combinedSchema(StepRegistry registry) {
        JsonMapper mapper = JsonMapper.builder().build();
        ObjectNode root = (ObjectNode) mapper.readTree(SchemaCheck.envelopeText());
        ObjectNode defs = (ObjectNode) root.get("$defs");
        ObjectNode step = (ObjectNode) defs.get("step");
        ObjectNode typeProp = (ObjectNode) step.get("properties").get("type");
        ArrayNode names = typeProp.putArray("enum");
        ArrayNode allOf = step.putArray("allOf");
        for (StepType t : registry.all()) {
            names.add(t.name());
            JsonNode with = mapper.readTree(t.withSchema());
            if (with instanceof ObjectNode o) {
                o.remove("$schema");
                o.remove("$id");
                if (!o.has("description")) {
                    o.put("description", t.description());
                }
                allowExpressions(o);
            }
            defs.set("with-" + t.name(), with);
            ObjectNode rule = allOf.addObject();
            ObjectNode cond = rule.putObject("if");
            cond.putObject("properties").putObject("type").put("const", t.name());
            cond.putArray("required").add("type");
            rule.putObject("then").putObject("properties").putObject("with").put("$ref", "#/$defs/with-" + t.name());
        }
        defs.putObject("expression").put("type", "string").put("pattern", "^\\$\\{[^}]+\\}$")
                .put("description", "A ${...} reference, resolved when the step starts.");
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    /** A top-level {@code with} value may be one {@code ${...}}; its type is checked once resolved. */
    private static void allowExpressions(ObjectNode withSchema) {
        if (!(withSchema.get("properties") instanceof ObjectNode props)) {
            return;
        }
        for (String name : List.copyOf(props.propertyNames())) {
            ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
            ArrayNode anyOf = wrapped.putArray("anyOf");
            anyOf.add(props.get(name));
            anyOf.addObject().put("$ref", "#/$defs/expression");
            props.set(name, wrapped);
        }
    }
}
