package dev.runner.expr;

import dev.runner.model.InputFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.text.StringSubstitutor;

/**
 * Resolves {@code ${params.x}}, {@code ${steps.ID.outputs.KEY}}, {@code ${env:VAR}} and
 * {@code ${file:PATH}} in strings, maps and lists. {@code $${} writes a literal {@code ${}. A reference
 * that cannot be resolved is an {@link ExpressionException}, never an empty string. Values are not
 * interpolated again (a parameter value containing {@code ${...}} stays as it is).
 */
public final class Interpolator {
    /** The most a {@code ${file:PATH}} reads (a certificate or a key is far smaller; /dev/zero is refused). */
    static final int MAX_FILE_BYTES = 1 << 20;

    /** Every {@code ${...}} in {@code text} (escaped {@code $${...}} excluded), for checks at load time. */
    public static List<Reference> references(String text) {
        return Reference.all(text);
    }

    /** Returns a resolved copy of {@code value}: strings are interpolated, maps and lists walked. */
    public Object resolve(Object value, Scope scope) {
        if (value instanceof String s) {
            return resolveString(s, scope);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), resolve(v, scope)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(resolve(v, scope)));
            return out;
        }
        return value;
    }

    public String resolveString(String text, Scope scope) {
        if (!text.contains("${")) {
            return text;
        }
        StringSubstitutor sub = new StringSubstitutor(key -> lookup(key, scope));
        sub.setValueDelimiterMatcher(null);
        sub.setDisableSubstitutionInValues(true);
        sub.setEnableSubstitutionInVariables(false);
        return sub.replace(text);
    }

    /** The value of one reference, given as the text between {@code ${} and {@code }}. */
    public String lookup(String expr, Scope scope) {
        Reference ref = Reference.parse(expr, 0);
        return switch (ref.kind()) {
            case PARAM -> require(scope.params().get(ref.name()),
                    () -> "parameter '" + ref.name() + "' has no value (" + ref.written() + ")");
            case STEP_OUTPUT -> stepOutput(ref, scope);
            case ENV -> require(scope.env().get(ref.name()),
                    () -> "environment variable " + ref.name() + " is not set (" + ref.written() + ")");
            case FILE -> readFile(ref, scope.baseDir());
            case INVALID -> throw new ExpressionException("cannot resolve " + ref.written()
                    + ": use params.NAME, steps.ID.outputs.KEY, env:VAR or file:PATH");
        };
    }

    private static String stepOutput(Reference ref, Scope scope) {
        Map<String, String> outputs = scope.stepOutputs().get(ref.name());
        if (outputs == null) {
            throw new ExpressionException(ref.written() + ": step '" + ref.name() + "' has no outputs"
                    + " (it has not run, or was skipped)");
        }
        String v = outputs.get(ref.key());
        if (v == null) {
            throw new ExpressionException(ref.written() + ": step '" + ref.name() + "' has no output '"
                    + ref.key() + "'" + (outputs.isEmpty() ? "" : " (it has: "
                    + String.join(", ", outputs.keySet()) + ")"));
        }
        return v;
    }

    private static String readFile(Reference ref, Path baseDir) {
        Path p = baseDir == null ? Path.of(ref.name()) : baseDir.resolve(ref.name());
        Optional<String> unusable = InputFile.unusable(p, "file");
        if (unusable.isPresent() && !unusable.get().equals(InputFile.MISSING)) {
            throw new ExpressionException(ref.written() + ": " + p + " " + unusable.get());
        }
        try {
            byte[] bytes = InputFile.readAtMost(p, MAX_FILE_BYTES);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new ExpressionException(ref.written() + ": " + p + " is larger than " + MAX_FILE_BYTES
                        + " bytes, the limit for a value read from a file");
            }
            String s = new String(bytes, StandardCharsets.UTF_8);
            if (s.endsWith("\r\n")) {
                return s.substring(0, s.length() - 2);
            }
            return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        } catch (NoSuchFileException e) {
            throw new ExpressionException(ref.written() + ": no such file " + p);
        } catch (IOException e) {
            throw new ExpressionException(ref.written() + ": cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static String require(String value, java.util.function.Supplier<String> message) {
        if (value == null) {
            throw new ExpressionException(message.get());
        }
        return value;
    }
}
