package dev.runner.cli;

import dev.runner.state.StateBackend;
import dev.runner.state.StateBackendProvider;
import dev.runner.state.StateDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --state} and {@code --state-dir}, shared by run, resume, status and runs. */
public final class StateDirOption {
    enum Kind { LOCAL, CLUSTER }

    @Option(names = "--state", paramLabel = "local|cluster", defaultValue = "local",
            description = {"Where runs are kept and locked: local (default: a state directory on this machine) or",
                    "cluster (ConfigMaps and a Lease in the namespace of -n/--namespace, else the kube context's;",
                    "any machine with the kubeconfig can list, inspect and resume the run)."})
    Kind kind;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where run state is kept (default: $RUNNER_STATE_DIR, else .runner in the current directory).")
    Path stateDir;

    /** For what keeps its runs only in the state directory (fleets): --state cluster is refused, exit 2. */
    public void requireLocal(String what) {
        if (kind == Kind.CLUSTER) {
            throw new UserError(what + " keeps its runs in the state directory; --state cluster is not supported with it");
        }
    }

    /**
     * The backend chosen: the state directory, or the API server of the kube settings ({@code kubeconfig},
     * {@code context}, {@code namespace}); one that cannot be used is a usage error (exit 2).
     */
    public StateBackend backend(Map<String, String> env, Map<String, String> cluster) {
        if (kind != Kind.CLUSTER) {
            return resolve(env);
        }
        if (stateDir != null) {
            throw new UserError("--state-dir is for --state local; --state cluster keeps runs in the API server");
        }
        StateBackendProvider provider = StateBackendProvider.named("cluster").orElseThrow(
                () -> new UserError("--state cluster: this runner was built without the Kubernetes module"));
        try {
            return provider.open(cluster, env);
        } catch (IOException e) {
            throw new UserError("cannot use --state cluster: " + e.getMessage());
        }
    }

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
