package dev.runner.exec;

import dev.runner.state.LockedException;
import dev.runner.state.RunState;
import dev.runner.state.StepRecord;
import dev.runner.state.StepStatus;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Before a resume, or a new run that takes over a dead run's lock, does anything: a step of the dead run that
 * is still running (its process group, recorded in the journal, outlived the runner - its watchdog was killed
 * too, say) would go on acting beside whatever runs now, even beside a second copy of itself. So it is stopped
 * first (SIGTERM, then SIGKILL); if it cannot be, nothing goes on and the error names the group.
 */
final class LeftoverSteps {
    static final Duration GRACE = Duration.ofSeconds(5);

    private LeftoverSteps() {
    }

    static void stop(RunState dead, Consumer<String> warn) throws LockedException {
        for (StepRecord r : dead.steps().values()) {
            if (r.status() != StepStatus.RUNNING || r.process() == null) {
                continue;
            }
            LocalProcessGroup group = new LocalProcessGroup(r.process().pgid(), r.process().startTicks());
            List<Long> left = group.members();
            if (left.isEmpty()) {
                continue;
            }
            String what = "step '" + r.step() + "' of run " + dead.runId() + " still runs as " + group + " (pids "
                    + left + ") although its runner is gone";
            warn.accept(what + "; stopping it before going on");
            boolean stopped;
            try {
                stopped = group.stop(GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = false;
            }
            if (!stopped) {
                throw new LockedException(what + " and could not be stopped: stop it (kill -KILL -- -"
                        + r.process().pgid() + "), then try again");
            }
        }
    }
}
