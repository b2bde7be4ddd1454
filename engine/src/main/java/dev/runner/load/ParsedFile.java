package dev.runner.load;

import dev.runner.model.Param;
import dev.runner.model.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;

/** One workflow or step file after reading, before composites are expanded. */
record ParsedFile(
        Path path,
        MappingNode root,
        String kind,
        String name,
        String description,
        Map<String, Param> params,
        Optional<Duration> defaultTimeout,
        Optional<RetryPolicy> defaultRetry,
        Optional<Duration> runTimeout,
        List<RawStep> steps) {

    Optional<RawStep> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
