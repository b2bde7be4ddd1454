package dev.runner.cli;

import dev.runner.exec.ExecOptions;
import dev.runner.model.Durations;
import dev.runner.model.Workflow;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options of commands that execute steps (run, resume). */
public final class RunOptions {
    enum Output { TEXT, JSON }

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
            description = "Run up to N independent steps at once (default: 1, one after the other); with --targets,"
                    + " N targets at once.")
    int parallel;

    @Option(names = {"-o", "--output"}, paramLabel = "text|json", defaultValue = "text",
            description = "Progress as text (default) or JSON lines (one event per line).")
    Output output;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Stop the run (exit 1) when it takes longer than this, e.g. 30m (default: the workflow's).")
    String timeout;

    ExecOptions exec(Workflow wf) {
        if (parallel < 1) {
            throw new UserError("--parallel must be at least 1");
        }
        Optional<Duration> limit = wf.runTimeout();
        if (timeout != null) {
            Durations.problem(timeout, true).ifPresent(why -> {
                throw new UserError("--timeout: " + why);
            });
            limit = Durations.parse(timeout);
        }
        return new ExecOptions(parallel, limit, ExecOptions.DEFAULT.grace());
    }
}
