package dev.runner.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A loaded, validated workflow: params in declaration order and steps flattened (composites expanded). */
public record Workflow(
        Path source,
        String name,
        String description,
        Map<String, Param> params,
        Optional<Duration> defaultTimeout,
        Optional<RetryPolicy> defaultRetry,
        Optional<Duration> runTimeout,
        List<Step> steps) {

    public Workflow {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        steps = List.copyOf(steps);
    }

    public Optional<Step> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
