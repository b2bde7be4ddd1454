package dev.runner.cli.incluster;

import picocli.CommandLine.Option;

/** {@code runner run --in-cluster}: run the workflow as a Job in the cluster instead of on this machine. */
public final class InClusterOptions {
    @Option(names = "--in-cluster",
            description = "Run the workflow inside the cluster, as a Job of the runner image under a ServiceAccount"
                    + " bound to exactly what `runner rbac` prints; this terminal follows it.")
    boolean enabled;

    @Option(names = "--image", paramLabel = "IMAGE",
            description = "With --in-cluster: the runner image (cli/image/Dockerfile; default $RUNNER_IMAGE, else"
                    + " runner:VERSION).")
    String image;

    @Option(names = "--cancel",
            description = "With --in-cluster: Ctrl-C stops the run (deletes its Job) instead of detaching from it.")
    boolean cancel;

    public boolean enabled() {
        return enabled;
    }
}
