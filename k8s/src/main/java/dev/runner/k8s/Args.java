package dev.runner.k8s;

import dev.runner.model.Durations;
import dev.runner.step.InvalidInputException;
import dev.runner.step.StepException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed read access to a step's {@code with}. The loader has validated it against the type's schema, so a
 * wrong type here is a bug in a caller that bypassed validation; it is still reported as a clean step error.
 */
public final class Args {
    private final String stepId;
    private final Map<String, Object> with;

    public Args(String stepId, Map<String, Object> with) {
        this.stepId = stepId;
        this.with = with == null ? Map.of() : with;
    }

    public boolean has(String key) {
        return with.get(key) != null;
    }

    public Optional<String> str(String key) {
        Object v = with.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map || v instanceof List) {
            throw new IllegalArgumentException(stepId + ": with." + key + " must be a string");
        }
        return Optional.of(String.valueOf(v));
    }

    public String required(String key) throws StepException {
        Optional<String> v = str(key);
        if (v.isEmpty() || v.get().isEmpty()) {
            throw new InvalidInputException(stepId + ": with." + key + " is required");
        }
        return v.get();
    }

    public boolean bool(String key, boolean dflt) {
        Object v = with.get(key);
        return v == null ? dflt : Boolean.parseBoolean(String.valueOf(v));
    }

    /** A whole number; anything else (e.g. what a {@code ${...}} expression resolved to) is invalid input. */
    public Optional<Integer> integer(String key) throws StepException {
        Optional<String> v = str(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(v.get().strip()));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(stepId + ": with." + key + ": '" + v.get() + "' is not a whole number");
        }
    }

    public Optional<Duration> duration(String key) throws StepException {
        Optional<String> v = str(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String text = v.get().strip();
        Optional<String> problem = Durations.problem(text, true);
        if (problem.isPresent()) {
            throw new InvalidInputException(stepId + ": with." + key + ": " + problem.get());
        }
        return Durations.parse(text);
    }

    /** A list of strings; a single string is a one-element list. */
    public List<String> strings(String key) {
        Object v = with.get(key);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
        } else if (v != null) {
            out.add(String.valueOf(v));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String key) {
        Object v = with.get(key);
        return v instanceof Map ? new LinkedHashMap<>((Map<String, Object>) v) : new LinkedHashMap<>();
    }

    public Object raw(String key) {
        return with.get(key);
    }

    public Map<String, Object> all() {
        return with;
    }

}
