package dev.runner.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code ${...}} in a text.
 *
 * @param kind   what it refers to
 * @param name   param name, step id, environment variable or file path
 * @param key    output key for {@link Kind#STEP_OUTPUT}, otherwise empty
 * @param text   the expression between {@code ${} and {@code }}
 * @param offset index of the {@code $} in the text it was found in
 */
public record Reference(Kind kind, String name, String key, String text, int offset) {

    public enum Kind { PARAM, STEP_OUTPUT, ENV, FILE, INVALID }

    private static final String OUTPUTS = ".outputs.";

    /** Parses the inside of {@code ${...}}. Anything not understood is {@link Kind#INVALID}. */
    public static Reference parse(String expr, int offset) {
        String e = expr.trim();
        if (e.startsWith("params.") && e.length() > 7) {
            return new Reference(Kind.PARAM, e.substring(7), "", expr, offset);
        }
        if (e.startsWith("steps.")) {
            int at = e.lastIndexOf(OUTPUTS);
            if (at > 6 && at + OUTPUTS.length() < e.length()) {
                return new Reference(Kind.STEP_OUTPUT, e.substring(6, at), e.substring(at + OUTPUTS.length()),
                        expr, offset);
            }
        }
        if (e.startsWith("env:") && e.length() > 4) {
            return new Reference(Kind.ENV, e.substring(4), "", expr, offset);
        }
        if (e.startsWith("file:") && e.length() > 5) {
            return new Reference(Kind.FILE, e.substring(5), "", expr, offset);
        }
        return new Reference(Kind.INVALID, e, "", expr, offset);
    }

    /**
     * Every {@code ${...}} in {@code text}, skipping escaped {@code $${...}}. An unterminated {@code ${}
     * yields an {@link Kind#INVALID} reference whose text starts with {@code "${"}.
     */
    public static List<Reference> all(String text) {
        List<Reference> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int at = text.indexOf("${", i);
            if (at < 0) {
                break;
            }
            if (at > 0 && text.charAt(at - 1) == '$') {
                i = at + 2; // "$${" is a literal "${"
                continue;
            }
            int end = text.indexOf('}', at + 2);
            if (end < 0) {
                out.add(new Reference(Kind.INVALID, "${" + text.substring(at + 2), "", text.substring(at), at));
                break;
            }
            out.add(parse(text.substring(at + 2, end), at));
            i = end + 1;
        }
        return out;
    }

    /** How the reference is written, e.g. {@code ${params.x}}. */
    public String written() {
        return "${" + text + "}";
    }
}
