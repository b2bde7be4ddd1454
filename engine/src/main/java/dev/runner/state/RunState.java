package dev.runner.state;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything known about a run, folded from its journal events in order. This is also the body of
 * {@code snapshot.json}, so it must stay a plain data holder.
 */
public final class RunState {
    private Event started;
    private RunPhase phase = RunPhase.RUNNING;
    private String finishedAt;
    private String lastActivityAt;
    private String error;
    private final Map<String, StepRecord> steps = new LinkedHashMap<>();

    public void apply(Event e) {
        lastActivityAt = e.at();
        switch (e.type()) {
            case Event.RUN_STARTED -> {
                started = e;
                phase = RunPhase.RUNNING;
            }
            case Event.RUN_RESUMED -> {
                phase = RunPhase.RUNNING;
                finishedAt = null;
                error = null;
                if (e.paramsHash() != null) {
                    Event s = started;
                    started = new Event(s.type(), s.at(), s.v(), s.runId(), s.workflow(), s.workflowName(), e.files(),
                            s.params(), s.secretParams(), e.paramsHash(), e.salt(), s.settings(), s.pid(), s.host(),
                            null, null, null, null, null, null, null, null, null, null, null, null);
                }
                if (e.reset() != null) {
                    e.reset().forEach(steps::remove);
                }
                if (e.skipped() != null) {
                    e.skipped().forEach(id -> steps.put(id, new StepRecord(id, StepStatus.SKIPPED, 0, e.at(), e.at(),
                            null, null, null, "skipped by --skip", null)));
                }
            }
            case Event.STEP_STARTED -> steps.put(e.step(), new StepRecord(e.step(), StepStatus.RUNNING,
                    e.attempt(), e.at(), null, null, null, null, null, null));
            case Event.STEP_PROCESS -> {
                StepRecord r = steps.get(e.step());
                if (r != null && r.status() == StepStatus.RUNNING && e.pid() != null && e.processStart() != null) {
                    steps.put(e.step(), new StepRecord(r.step(), r.status(), r.attempt(), r.startedAt(), null, null,
                            null, null, null, new StepRecord.StepProcess(e.pid(), e.processStart())));
                }
            }
            case Event.STEP_FINISHED -> {
                StepRecord prev = steps.get(e.step());
                String startedAt = e.startedAt() != null ? e.startedAt() : prev != null ? prev.startedAt() : e.at();
                steps.put(e.step(), new StepRecord(e.step(), StepStatus.of(e.status()),
                        e.attempt() == null ? 0 : e.attempt(), startedAt, e.at(), e.outputs(), e.secretOutputs(),
                        e.error(), e.summary(), null));
            }
            case Event.RUN_FINISHED -> {
                phase = RunPhase.of(e.status());
                finishedAt = e.at();
                error = e.error();
            }
            default -> {
                // an event type from a newer minor version: nothing we need to know
            }
        }
    }

    public Event started() {
        return started;
    }

    public String runId() {
        return started.runId();
    }

    public RunPhase phase() {
        return phase;
    }

    public Optional<String> finishedAt() {
        return Optional.ofNullable(finishedAt);
    }

    public String lastActivityAt() {
        return lastActivityAt;
    }

    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    public Map<String, StepRecord> steps() {
        return java.util.Collections.unmodifiableMap(steps);
    }

    public Optional<StepRecord> step(String id) {
        return Optional.ofNullable(steps.get(id));
    }

    /** Wall time from start to finish (or to the last recorded event of an unfinished run). */
    public Duration duration() {
        String end = finishedAt != null ? finishedAt : lastActivityAt;
        return Duration.between(Instant.parse(started.at()), Instant.parse(end));
    }

    // ---- snapshot form ----

    public record Data(Event started, String phase, String finishedAt, String lastActivityAt, String error,
                       List<StepRecord> steps) {
    }

    public Data toData() {
        return new Data(started, phase.label(), finishedAt, lastActivityAt, error, List.copyOf(steps.values()));
    }

    public static RunState fromData(Data d) {
        RunState s = new RunState();
        s.started = d.started();
        s.phase = RunPhase.of(d.phase());
        s.finishedAt = d.finishedAt();
        s.lastActivityAt = d.lastActivityAt();
        s.error = d.error();
        d.steps().forEach(r -> s.steps.put(r.step(), r));
        return s;
    }
}
