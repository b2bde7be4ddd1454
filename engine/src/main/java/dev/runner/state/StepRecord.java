package dev.runner.state;

import java.util.List;
import java.util.Map;

/** The folded state of one step: the latest attempt and, once finished, its outcome and outputs. */
public record StepRecord(
        String step,
        StepStatus status,
        int attempt,
        String startedAt,
        String finishedAt,
        Map<String, String> outputs,
        List<String> secretOutputs,
        String error,
        String summary) {

    public StepRecord {
        outputs = outputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
        secretOutputs = secretOutputs == null ? List.of() : List.copyOf(secretOutputs);
    }
}
