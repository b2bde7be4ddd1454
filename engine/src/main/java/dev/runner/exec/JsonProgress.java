package dev.runner.exec;

import dev.runner.model.Secrets;
import dev.runner.model.Step;
import dev.runner.state.StepStatus;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/** {@code --output json}: one JSON object per line per event, every string masked. */
public final class JsonProgress implements RunListener {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private final PrintWriter out;
    private final Secrets secrets;

    public JsonProgress(PrintWriter out, Secrets secrets) {
        this.out = out;
        this.secrets = secrets;
    }

    private ObjectNode event(String name) {
        return MAPPER.createObjectNode().put("event", name).put("at", Instant.now().toString());
    }

    private ObjectNode step(String name, Step s) {
        return event(name).put("step", s.id()).put("type", s.type());
    }

    private void emit(ObjectNode n) {
        n.properties().forEach(e -> {
            if (e.getValue().isString()) {
                e.setValue(MAPPER.getNodeFactory().stringNode(secrets.mask(e.getValue().asString())));
            }
        });
        synchronized (this) {
            out.println(MAPPER.writeValueAsString(n));
            out.flush();
        }
    }

    @Override
    public void runStarted(String runId, String workflowName, int total, int alreadyDone, boolean resumed) {
        emit(event(resumed ? "run-resumed" : "run-started").put("runId", runId).put("workflow", workflowName)
                .put("steps", total).put("alreadyDone", alreadyDone));
    }

    @Override
    public void stepStarted(Step s, int attempt) {
        emit(step("step-started", s).put("attempt", attempt));
    }

    @Override
    public void stepLog(Step s, boolean warning, String message) {
        emit(step("step-log", s).put("level", warning ? "warn" : "info").put("message", message));
    }

    @Override
    public void stepProgress(Step s, String message) {
        emit(step("step-progress", s).put("message", message));
    }

    @Override
    public void stepRetry(Step s, int failedAttempt, Duration delay, String error) {
        emit(step("step-retry", s).put("attempt", failedAttempt).put("delayMs", delay.toMillis()).put("error", error));
    }

    /** A success carries the step's outputs (masked: secret outputs and any secret inside a value read ***). */
    @Override
    public void stepFinished(Step s, StepStatus status, int attempt, Duration elapsed, String detail,
            java.util.Map<String, String> outputs) {
        ObjectNode n = step("step-finished", s).put("status", status.label()).put("attempt", attempt)
                .put("elapsedMs", elapsed.toMillis());
        if (detail != null) {
            n.put(status == StepStatus.FAILED ? "error" : "detail", detail);
        }
        if (status == StepStatus.SUCCEEDED) {
            ObjectNode o = n.putObject("outputs");
            outputs.forEach((k, v) -> o.put(k, secrets.mask(v)));
        }
        emit(n);
    }

    @Override
    public void message(boolean warning, String text) {
        emit(event("message").put("level", warning ? "warn" : "info").put("message", text));
    }

    @Override
    public void runFinished(String runId, RunOutcome outcome, Duration total, String error) {
        ObjectNode n = event("run-finished").put("runId", runId).put("outcome", outcome.name().toLowerCase(
                java.util.Locale.ROOT)).put("exitCode", outcome.exitCode()).put("elapsedMs", total.toMillis());
        if (error != null) {
            n.put("error", error);
        }
        emit(n);
    }
}
