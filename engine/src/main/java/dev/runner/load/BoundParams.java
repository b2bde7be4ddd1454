package dev.runner.load;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Parameter values for one plan or run, in declaration order. Optional params without a value are
 * absent. {@code secretNames} are the params declared {@code secret: true}; their values must be masked.
 */
public record BoundParams(Map<String, String> values, Set<String> secretNames) {
    public BoundParams {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        secretNames = Set.copyOf(secretNames);
    }

    /** The values of the secret params (to register with {@link dev.runner.model.Secrets}). */
    public java.util.List<String> secretValues() {
        return secretNames.stream().filter(values::containsKey).map(values::get).toList();
    }
}
