package dev.runner.local.api.registry;

import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * ValidateObjectMeta (name, labels, annotation keys) of
 * https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go
 */
final class MetaValidation {
    private MetaValidation() {}

    static void object(JsonNode meta, Function<String, List<String>> nameRule, List<FieldError> errs) {
        String name = Json.text(meta, "name");
        if (name == null || name.isEmpty()) {
            if (Json.text(meta, "generateName") == null) {
                errs.add(FieldError.required("metadata.name", "name or generateName is required"));
            }
        } else {
            nameRule.apply(name).forEach(m -> errs.add(FieldError.invalid("metadata.name", name, m)));
        }
        labels(meta, "metadata", errs);
        for (String key : keys(Json.objectOrNull(meta, "annotations"))) {
            Names.qualifiedName(key.toLowerCase()).forEach(m -> errs.add(FieldError.invalid("metadata.annotations",
                    key, m)));
        }
    }

    /** Label keys and values of {@code meta} (at {@code path}, e.g. spec.template.metadata). */
    static void labels(JsonNode meta, String path, List<FieldError> errs) {
        JsonNode labels = Json.objectOrNull(meta, "labels");
        for (String key : keys(labels)) {
            Names.qualifiedName(key).forEach(m -> errs.add(FieldError.invalid(path + ".labels", key, m)));
            String value = labels.get(key).asString();
            Names.labelValue(value).forEach(m -> errs.add(FieldError.invalid(path + ".labels", value, m)));
        }
    }

    private static List<String> keys(JsonNode obj) {
        return obj == null ? List.of() : List.copyOf(obj.propertyNames());
    }
}
