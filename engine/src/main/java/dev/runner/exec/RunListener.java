package dev.runner.exec;

import dev.runner.model.Step;
import dev.runner.state.StepStatus;

import java.time.Duration;

/**
 * What the executor reports while it works. Implementations print (see {@link Progress}, {@link JsonProgress})
 * and must mask every text through the run's {@link dev.runner.model.Secrets}; they are called from step threads.
 */
public interface RunListener {
    default void runStarted(String runId, String workflowName, int total, int alreadyDone, boolean resumed) {
    }

    default void stepStarted(Step step, int attempt) {
    }

    default void stepLog(Step step, boolean warning, String message) {
    }

    default void stepProgress(Step step, String message) {
    }

    default void stepRetry(Step step, int failedAttempt, Duration delay, String error) {
    }

    /**
     * {@code detail}: the error of a failed step, the reason of a skip, the summary of a success; {@code outputs}:
     * a succeeded step's outputs, else empty (real values: a listener masks what it prints).
     */
    default void stepFinished(Step step, StepStatus status, int attempt, Duration elapsed, String detail,
            java.util.Map<String, String> outputs) {
    }

    default void message(boolean warning, String text) {
    }

    default void runFinished(String runId, RunOutcome outcome, Duration total, String error) {
    }
}
