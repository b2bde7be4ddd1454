package dev.runner.k8s.manifest;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitution of {@code ${vars.NAME}} in manifest files. The engine interpolates {@code with}, not the files a
 * step reads, so a file sees exactly the {@code vars} its step passes (like chart values): explicit inputs, and a
 * typo is an error rather than an empty string. Any other {@code ${...}} (a shell variable in a ConfigMap script)
 * is left alone; {@code $${vars.x}} writes a literal {@code ${vars.x}}.
 */
public final class Templates {
    private static final Pattern VAR = Pattern.compile("(\\$?)\\$\\{vars\\.([A-Za-z0-9_.-]+)}");

    private Templates() {
    }

    public static String substitute(String text, Map<String, Object> vars, String source) {
        Matcher m = VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (!m.group(1).isEmpty()) {
                replacement = m.group().substring(1);
            } else {
                Object v = lookup(vars, m.group(2));
                if (v == null) {
                    int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                    throw new IllegalArgumentException(source + ":" + line + ": unknown template variable "
                            + m.group() + " (pass it in the step's with.vars; known: " + vars.keySet() + ")");
                }
                replacement = String.valueOf(v);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static Object lookup(Map<String, Object> vars, String path) {
        if (vars.containsKey(path)) {
            return vars.get(path);
        }
        Object cur = vars;
        for (String part : path.split("\\.")) {
            if (!(cur instanceof Map)) {
                return null;
            }
            cur = ((Map<String, Object>) cur).get(part);
        }
        return cur instanceof Map ? null : cur;
    }
}
