package dev.runner.exec;

import dev.runner.model.Step;
import dev.runner.state.Event;
import dev.runner.step.BasicStepContext;
import dev.runner.step.StepLog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** Builds the StepContext of one attempt or observation: cancelled when the run is, or when this attempt is stopped. */
final class StepContexts {
    private StepContexts() {
    }

    record Made(BasicStepContext ctx, AtomicBoolean stopped) {
    }

    /** For an observation: a process it may start is not recorded (observing must not leave one behind). */
    static Made make(Run run, Step step, Map<String, Object> with, Optional<Duration> timeout) {
        return make(run, step, with, timeout, 0);
    }

    /** For attempt {@code attempt} (1, 2, ...): a process group it starts is recorded durably in the journal. */
    static Made make(Run run, Step step, Map<String, Object> with, Optional<Duration> timeout, int attempt) {
        AtomicBoolean stopped = new AtomicBoolean();
        StepLog log = new StepLog() {
            @Override
            public void info(String message) {
                run.listener.stepLog(step, false, message);
            }

            @Override
            public void warn(String message) {
                run.listener.stepLog(step, true, message);
            }

            @Override
            public void progress(String message) {
                run.listener.stepProgress(step, message);
            }
        };
        BasicStepContext ctx = new BasicStepContext(step.id(), with, baseDir(step), run.settings, timeout,
                () -> stopped.get() || run.cancellation.cancelled(), log, run.secrets, run.services, pid -> {
                    if (attempt > 0) {
                        LocalProcessGroup.startTicks(pid).ifPresent(start -> run.record(Event.stepProcess(Run.now(),
                                step.id(), attempt, pid, start)));
                    }
                });
        return new Made(ctx, stopped);
    }

    static Path baseDir(Step step) {
        Path f = step.pos() == null ? null : step.pos().file();
        Path parent = f == null ? null : f.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of("").toAbsolutePath();
    }
}
