package dev.runner.step;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of a step's resolved {@code with} mapping. The schema has already checked shapes at load
 * time, so a mismatch here means an expression produced something odd; it is reported as a step error.
 */
public final class Args {
    private final String stepId;
    private final Map<String, Object> with;

    private Args(String stepId, Map<String, Object> with) {
        this.stepId = stepId;
        this.with = with;
    }

    public static Args of(StepContext ctx) {
        return new Args(ctx.stepId(), ctx.with());
    }

    public String string(String key) throws StepException {
        return optString(key).orElseThrow(() -> problem(key, "is required"));
    }

    public Optional<String> optString(String key) throws StepException {
        Object v = with.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map || v instanceof List) {
            throw problem(key, "must be a single value");
        }
        return Optional.of(String.valueOf(v));
    }

    /** A mapping of strings to scalars, read as strings (e.g. environment variables). */
    public Map<String, String> stringMap(String key) throws StepException {
        Object v = with.get(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw problem(key, "must be a mapping");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getValue() instanceof Map || e.getValue() instanceof List) {
                throw problem(key + "." + e.getKey(), "must be a single value");
            }
            out.put(String.valueOf(e.getKey()), e.getValue() == null ? "" : String.valueOf(e.getValue()));
        }
        return out;
    }

    private StepException problem(String key, String what) {
        return new InvalidInputException("step " + stepId + ": with." + key + " " + what);
    }
}
