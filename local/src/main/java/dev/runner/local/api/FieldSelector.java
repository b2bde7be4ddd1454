package dev.runner.local.api;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A list's {@code fieldSelector} (comma-separated {@code path=value}, {@code path==value}, {@code path!=value}),
 * which the CRUD store does not answer: kubectl describe finds a pod's events with
 * {@code involvedObject.name=…,involvedObject.namespace=…,involvedObject.uid=…}.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/field-selectors/
 */
final class FieldSelector {
    private record Term(String path, String value, boolean equal) {}

    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = terms;
    }

    /** The selector, or null when {@code raw} is empty. */
    static FieldSelector parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        List<Term> terms = new ArrayList<>();
        for (String part : raw.split(",")) {
            int ne = part.indexOf("!=");
            if (ne >= 0) {
                terms.add(new Term(part.substring(0, ne).trim(), part.substring(ne + 2).trim(), false));
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("invalid selector: '" + raw + "'; can't understand '" + part + "'");
            }
            String value = part.substring(eq + 1);
            terms.add(new Term(part.substring(0, eq).trim(), (value.startsWith("=") ? value.substring(1) : value)
                    .trim(), true));
        }
        return new FieldSelector(terms);
    }

    boolean matches(JsonNode obj) {
        for (Term t : terms) {
            JsonNode n = obj;
            for (String seg : t.path().split("\\.")) {
                n = n == null ? null : n.get(seg);
            }
            String actual = n == null || n.isNull() ? "" : n.asString();
            if (actual.equals(t.value()) != t.equal()) {
                return false;
            }
        }
        return true;
    }

    /** The list body with only the items that match. */
    ObjectNode filter(ObjectNode list) {
        ObjectNode out = list.deepCopy();
        ArrayNode items = out.putArray("items");
        list.path("items").forEach(item -> {
            if (matches(item)) {
                items.add(item);
            }
        });
        return out;
    }
}
