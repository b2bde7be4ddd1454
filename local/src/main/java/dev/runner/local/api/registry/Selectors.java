package dev.runner.local.api.registry;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A LabelSelector (matchLabels and matchExpressions) against a label set, as metav1.LabelSelectorAsSelector does.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#resources-that-support-set-based-requirements
 */
final class Selectors {
    private Selectors() {}

    static boolean isEmpty(JsonNode selector) {
        JsonNode labels = Json.objectOrNull(selector, "matchLabels");
        return (labels == null || labels.isEmpty()) && Json.arrayOrEmpty(selector, "matchExpressions").isEmpty();
    }

    static boolean matches(JsonNode selector, JsonNode labels) {
        JsonNode match = Json.objectOrNull(selector, "matchLabels");
        if (match != null) {
            for (var e : match.properties()) {
                if (labels == null || !e.getValue().asString().equals(Json.text(labels, e.getKey()))) {
                    return false;
                }
            }
        }
        for (JsonNode expr : Json.arrayOrEmpty(selector, "matchExpressions")) {
            String value = labels == null ? null : Json.text(labels, Json.text(expr, "key"));
            List<String> values = new ArrayList<>();
            Json.arrayOrEmpty(expr, "values").forEach(v -> values.add(v.asString()));
            boolean ok = switch (String.valueOf(Json.text(expr, "operator"))) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
