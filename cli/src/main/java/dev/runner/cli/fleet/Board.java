package dev.runner.cli.fleet;

import dev.runner.exec.RunListener;
import dev.runner.exec.RunOutcome;
import dev.runner.model.Secrets;
import dev.runner.model.Step;
import dev.runner.state.StepStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What every target of a fleet is doing: its state, current step and elapsed time. Each target's run reports
 * through {@link #listener}; every change goes to the subscriber (the live table or the line printer).
 */
final class Board {
    enum State {
        WAITING, RUNNING, SUCCEEDED, FAILED, INTERRUPTED, LOCKED, REFUSED, DONE_BEFORE, NOT_STARTED;

        String label() {
            return switch (this) {
                case DONE_BEFORE -> "done before";
                case NOT_STARTED -> "not started";
                default -> name().toLowerCase(Locale.ROOT);
            };
        }

        boolean finished() {
            return this != WAITING && this != RUNNING;
        }
    }

    /** One target's line; read by the printing thread, written by the target's run thread. */
    static final class Row {
        final Target target;
        volatile State state = State.WAITING;
        volatile String step = "";
        volatile String runId = "";
        volatile String detail = "";
        volatile long startedNanos;
        volatile long finishedNanos;

        Row(Target target) {
            this.target = target;
        }

        Duration elapsed() {
            if (startedNanos == 0) {
                return Duration.ZERO;
            }
            return Duration.ofNanos((finishedNanos != 0 ? finishedNanos : System.nanoTime()) - startedNanos);
        }
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Secrets secrets;
    private volatile Consumer<Row> onChange = r -> { };

    Board(List<Target> targets, Secrets secrets) {
        targets.forEach(t -> rows.put(t.name(), new Row(t)));
        this.secrets = secrets;
    }

    void subscribe(Consumer<Row> onChange) {
        this.onChange = onChange;
    }

    List<Row> rows() {
        return new ArrayList<>(rows.values());
    }

    Row row(String target) {
        return rows.get(target);
    }

    void started(String target) {
        Row r = rows.get(target);
        r.startedNanos = System.nanoTime();
        r.state = State.RUNNING;
        onChange.accept(r);
    }

    void finished(String target, State state, String detail) {
        Row r = rows.get(target);
        r.state = state;
        r.finishedNanos = r.startedNanos == 0 ? 0 : System.nanoTime();
        if (detail != null && !detail.isEmpty()) {
            r.detail = secrets.mask(firstLine(detail));
        }
        onChange.accept(r);
    }

    static State of(RunOutcome o) {
        return switch (o) {
            case SUCCEEDED -> State.SUCCEEDED;
            case FAILED -> State.FAILED;
            case INTERRUPTED -> State.INTERRUPTED;
            case LOCKED -> State.LOCKED;
            case INVALID -> State.REFUSED;
        };
    }

    /** The listener of one target's run: its run id, current step and the error of a failed step. */
    RunListener listener(String target) {
        Row r = rows.get(target);
        return new RunListener() {
            @Override
            public void runStarted(String runId, String workflowName, int total, int alreadyDone, boolean resumed) {
                r.runId = runId;
            }

            @Override
            public void stepStarted(Step step, int attempt) {
                r.step = step.id() + (attempt > 1 ? " (attempt " + attempt + ")" : "");
                onChange.accept(r);
            }

            @Override
            public void stepFinished(Step step, StepStatus status, int attempt, Duration elapsed, String detail,
                    Map<String, String> outputs) {
                if (status == StepStatus.FAILED) {
                    r.detail = secrets.mask("step " + step.id() + ": " + firstLine(detail));
                }
            }

            @Override
            public void runFinished(String runId, RunOutcome outcome, Duration total, String error) {
                if (error != null && r.detail.isEmpty()) {
                    r.detail = secrets.mask(firstLine(error));
                }
            }
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
