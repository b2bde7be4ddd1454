package dev.runner.state;

import java.util.List;
import java.util.Map;

/**
 * One line of {@code journal.jsonl}. A single flat record keeps the format easy to read by hand and by
 * other tools; fields that do not apply to a type are null and omitted. Every string in an event has
 * been masked before it gets here (see {@link RunStore}).
 *
 * <ul>
 *   <li>{@code run-started}: v, runId, workflow, workflowName, files (path to sha256), params (secret values
 *       as {@code ***}), secretParams, paramsHash, salt, settings, pid, host</li>
 *   <li>{@code run-resumed}: pid, host, reset (steps to run again), skipped, forced (and then the new files,
 *       paramsHash, salt that later resumes compare against)</li>
 *   <li>{@code step-started}: step, attempt</li>
 *   <li>{@code step-process}: step, attempt, pid (a local process group the attempt started, led by pid) and
 *       processStart (its leader's start time in clock ticks after boot, so a reused pid is not taken for it)</li>
 *   <li>{@code step-finished}: step, attempt, status, startedAt, outputs, secretOutputs, error, summary</li>
 *   <li>{@code run-finished}: status (succeeded, failed, interrupted), error</li>
 * </ul>
 */
public record Event(
        String type,
        String at,
        Integer v,
        String runId,
        String workflow,
        String workflowName,
        Map<String, String> files,
        Map<String, String> params,
        List<String> secretParams,
        String paramsHash,
        String salt,
        Map<String, String> settings,
        Long pid,
        String host,
        List<String> reset,
        List<String> skipped,
        Boolean forced,
        String step,
        Integer attempt,
        String status,
        String startedAt,
        Map<String, String> outputs,
        List<String> secretOutputs,
        String error,
        String summary,
        Long processStart) {

    public static final String RUN_STARTED = "run-started";
    public static final String RUN_RESUMED = "run-resumed";
    public static final String STEP_STARTED = "step-started";
    public static final String STEP_PROCESS = "step-process";
    public static final String STEP_FINISHED = "step-finished";
    public static final String RUN_FINISHED = "run-finished";

    public static Event stepStarted(String at, String step, int attempt) {
        return new Event(STEP_STARTED, at, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, step, attempt, null, null, null, null, null, null, null);
    }

    public static Event stepProcess(String at, String step, int attempt, long pgid, long processStart) {
        return new Event(STEP_PROCESS, at, null, null, null, null, null, null, null, null, null, null, pgid, null,
                null, null, null, step, attempt, null, null, null, null, null, null, processStart);
    }

    public static Event stepFinished(String at, String step, int attempt, StepStatus status, String startedAt,
                                     Map<String, String> outputs, List<String> secretOutputs, String error,
                                     String summary) {
        return new Event(STEP_FINISHED, at, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, step, attempt, status.label(), startedAt, outputs, secretOutputs, error, summary, null);
    }

    /** {@code files}/{@code paramsHash}/{@code salt}: set when --force accepted a changed workflow or params. */
    public static Event runResumed(String at, long pid, String host, List<String> reset, List<String> skipped,
                                   boolean forced, Map<String, String> files, String paramsHash, String salt) {
        return new Event(RUN_RESUMED, at, null, null, null, null, files, null, null, paramsHash, salt, null, pid, host,
                reset, skipped, forced, null, null, null, null, null, null, null, null, null);
    }

    public static Event runFinished(String at, RunPhase status, String error) {
        return new Event(RUN_FINISHED, at, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, status.label(), null, null, null, error, null, null);
    }

    /** The same event with every free-text string passed through {@code mask} (values, errors, summaries). */
    public Event masked(java.util.function.UnaryOperator<String> mask) {
        return new Event(type, at, v, runId, workflow, workflowName, files, maskValues(params, mask), secretParams,
                paramsHash, salt, maskValues(settings, mask), pid, host, reset, skipped, forced, step, attempt,
                status, startedAt, maskValues(outputs, mask), secretOutputs, mask.apply(error), mask.apply(summary), processStart);
    }

    private static Map<String, String> maskValues(Map<String, String> map, java.util.function.UnaryOperator<String> mask) {
        if (map == null) {
            return null;
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        map.forEach((k, val) -> out.put(k, mask.apply(val)));
        return out;
    }
}
