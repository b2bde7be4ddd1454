package dev.runner.load;

import dev.runner.model.RetryPolicy;
import dev.runner.model.SourcePos;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/** A step as written in one file (ids local to that file), with the nodes needed to point at problems. */
record RawStep(
        String id,
        Node node,
        Optional<String> type,
        Optional<String> uses,
        List<String> needs,
        Optional<String> when,
        Map<String, Object> with,
        Optional<Duration> timeout,
        Optional<RetryPolicy> retry,
        Optional<Boolean> continueOnError,
        Optional<Boolean> idempotent,
        Optional<String> description,
        SourcePos pos) {

    Optional<Node> field(String key) {
        return Yaml.get(node, key);
    }
}
