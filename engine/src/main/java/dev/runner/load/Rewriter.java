package dev.runner.load;

import dev.runner.expr.Reference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites the expressions of a composite's steps for the place it is used: {@code ${params.p}} becomes
 * the using step's {@code with} value (whose own expressions are resolved late, in the outer file's
 * scope) and {@code ${steps.ID...}} gets the composite step's id as prefix. A string that is exactly one
 * {@code ${params.p}} takes the value itself, so a number stays a number.
 */
final class Rewriter {
    private final Map<String, Object> params;
    private final String prefix;

    /** @param prefix the composite step's id followed by a dot */
    Rewriter(Map<String, Object> params, String prefix) {
        this.params = params;
        this.prefix = prefix;
    }

    Object value(Object v) {
        if (v instanceof String s) {
            return string(s);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), value(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(value(x)));
            return out;
        }
        return v;
    }

    Object string(String s) {
        List<Reference> refs = Reference.all(s);
        if (refs.size() == 1 && refs.get(0).kind() == Reference.Kind.PARAM && s.equals(refs.get(0).written())
                && params.containsKey(refs.get(0).name())) {
            return params.get(refs.get(0).name());
        }
        return rewrite(s, refs, false);
    }

    /** Same for a {@code when:} text, where inserted literals are quoted so they stay one operand. */
    String condition(String s) {
        return rewrite(s, Reference.all(s), true);
    }

    private String rewrite(String s, List<Reference> refs, boolean quote) {
        StringBuilder out = new StringBuilder();
        int last = 0;
        for (Reference r : refs) {
            if (r.kind() == Reference.Kind.INVALID && r.text().startsWith("${")) {
                break; // unterminated: reported by the checks; leave the rest as it is
            }
            out.append(s, last, r.offset());
            out.append(switch (r.kind()) {
                case PARAM -> params.containsKey(r.name()) ? literal(params.get(r.name()), quote) : r.written();
                case STEP_OUTPUT -> "${steps." + prefix + r.name() + ".outputs." + r.key() + "}";
                default -> r.written();
            });
            last = r.offset() + r.written().length();
        }
        return out.append(s.substring(last)).toString();
    }

    private static String literal(Object value, boolean quote) {
        String text = value == null ? "" : String.valueOf(value);
        if (!quote || text.matches("\\$\\{[^}]*}")) {
            return text;
        }
        return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'";
    }
}
