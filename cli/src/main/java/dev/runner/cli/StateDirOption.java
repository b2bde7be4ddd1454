package dev.runner.cli;

import dev.runner.state.StateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --state-dir}, shared by run, resume, status and runs. */
public final class StateDirOption {
    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where run state is kept (default: $RUNNER_STATE_DIR, else .runner in the current directory).")
    Path stateDir;

    /** The state directory; a file where it (or a directory above it) should be is a usage error (exit 2). */
    public StateDir resolve(Map<String, String> env) {
        StateDir dir = StateDir.resolve(stateDir, env);
        for (Path at = dir.root().toAbsolutePath(); at != null; at = at.getParent()) {
            if (Files.exists(at)) {
                if (!Files.isDirectory(at)) {
                    throw new UserError("cannot use the state directory " + dir.root() + " (" + source(env) + "): "
                            + (at.equals(dir.root().toAbsolutePath()) ? "it" : at.toString()) + " is not a directory");
                }
                break;
            }
        }
        return dir;
    }

    private String source(Map<String, String> env) {
        if (stateDir != null) {
            return "--state-dir";
        }
        String e = env.get(StateDir.ENV);
        return e != null && !e.isBlank() ? "$" + StateDir.ENV : "the default";
    }
}
