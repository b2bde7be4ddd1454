package dev.runner.load;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parameter values for one plan or run, in declaration order. Optional params without a value are
 * absent. {@code secretNames} are the params declared {@code secret: true}; their values must be masked.
 * {@code sources} says where each value came from; {@code warnings} are what binding noticed but let pass.
 */
public record BoundParams(Map<String, String> values, Set<String> secretNames, Map<String, ParamSource> sources,
                          List<String> warnings) {
    public BoundParams {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        secretNames = Set.copyOf(secretNames);
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        warnings = List.copyOf(warnings);
    }

    public BoundParams(Map<String, String> values, Set<String> secretNames) {
        this(values, secretNames, Map.of(), List.of());
    }

    /** Where {@code name}'s value came from ({@link ParamSource#DEFAULT} when not recorded). */
    public ParamSource source(String name) {
        return sources.getOrDefault(name, ParamSource.DEFAULT);
    }

    /** The values of the secret params (to register with {@link dev.runner.model.Secrets}). */
    public List<String> secretValues() {
        return secretNames.stream().filter(values::containsKey).map(values::get).toList();
    }
}
