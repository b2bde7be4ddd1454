package dev.runner.cli;

import dev.runner.state.StateDir;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --state-dir}, shared by run, resume, status and runs. */
public final class StateDirOption {
    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where run state is kept (default: $RUNNER_STATE_DIR, else .runner in the current directory).")
    Path stateDir;

    public StateDir resolve(Map<String, String> env) {
        return StateDir.resolve(stateDir, env);
    }
}
