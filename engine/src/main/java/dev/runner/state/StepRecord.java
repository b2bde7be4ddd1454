package dev.runner.state;

import java.util.List;
import java.util.Map;

/**
 * The folded state of one step: the latest attempt and, once finished, its outcome and outputs; while it
 * runs, the local process group it started, if any.
 */
public record StepRecord(
        String step,
        StepStatus status,
        int attempt,
        String startedAt,
        String finishedAt,
        Map<String, String> outputs,
        List<String> secretOutputs,
        String error,
        String summary,
        StepProcess process) {

    /** The local process group a running attempt started (see the step-process event); null once it finished. */
    public record StepProcess(long pgid, long startTicks) {
    }

    public StepRecord {
        outputs = outputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
        secretOutputs = secretOutputs == null ? List.of() : List.copyOf(secretOutputs);
    }
}
