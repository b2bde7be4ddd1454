package dev.runner.k8s.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Manifest files with {@code ${vars.NAME}}. The engine interpolates {@code with}, not the files a step reads, so a
 * file sees exactly the {@code vars} its step passes (like chart values): explicit inputs, and a typo is an error
 * rather than an empty string.
 *
 * <p>The file is parsed first and the variables are substituted into the parsed scalars (keys and values), so a
 * value is data, never YAML: a passphrase {@code ab\tcd}, a quote, a {@code #}, a newline or a multi-line key file
 * arrives in the object byte for byte and is never parsed again. A scalar that is exactly one variable takes the
 * variable's type when that is a number or boolean (a {@code vars} entry of the step, not a string); otherwise the
 * result is a string. Any other {@code ${...}} (a shell variable in a ConfigMap script) is left alone;
 * {@code $${vars.x}} writes a literal {@code ${vars.x}}.
 */
public final class Templates {
    private static final Pattern VAR = Pattern.compile("(\\$?)\\$\\{vars\\.([A-Za-z0-9_.-]+)}");
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private Templates() {
    }

    /** The documents of {@code yaml} with variables substituted; null documents (an empty {@code ---}) dropped. */
    public static List<Object> render(String yaml, Map<String, Object> vars, String source) {
        List<Object> docs = new ArrayList<>();
        try (JsonParser p = YAML.createParser(yaml)) {
            while (p.nextToken() != null) {
                Object doc = value(p, vars, source);
                if (doc != null) {
                    docs.add(doc);
                }
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getOriginalMessage());
        }
        return docs;
    }

    private static Object value(JsonParser p, Map<String, Object> vars, String source) {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String key = String.valueOf(substitute(p.currentName(), vars, source, p.currentTokenLocation()));
                    p.nextToken();
                    m.put(key, value(p, vars, source));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(value(p, vars, source));
                }
                return l;
            }
            case VALUE_STRING -> {
                return substitute(p.getString(), vars, source, p.currentTokenLocation());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getNumberValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IllegalArgumentException(source + ": unexpected YAML token " + t);
        }
    }

    /** One scalar with its variables replaced; the value inserted is never scanned again. */
    static Object substitute(String scalar, Map<String, Object> vars, String source, TokenStreamLocation at) {
        Matcher m = VAR.matcher(scalar);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (!m.group(1).isEmpty()) {
                replacement = m.group().substring(1);
            } else {
                Object v = lookup(vars, m.group(2));
                if (v == null) {
                    throw new IllegalArgumentException(source + ":" + at.getLineNr() + ":" + at.getColumnNr()
                            + ": unknown template variable " + m.group()
                            + " (pass it in the step's with.vars; known: " + vars.keySet() + ")");
                }
                if (m.start() == 0 && m.end() == scalar.length() && (v instanceof Number || v instanceof Boolean)) {
                    return v;
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
