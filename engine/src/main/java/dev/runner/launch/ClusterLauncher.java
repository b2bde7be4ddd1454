package dev.runner.launch;

/**
 * Starts a run inside a cluster and follows it from the terminal. The engine knows no Kubernetes client: the
 * implementation (module k8s) is found with {@link java.util.ServiceLoader}; list it in
 * {@code META-INF/services/dev.runner.launch.ClusterLauncher}.
 */
public interface ClusterLauncher {
    /**
     * Creates what the run needs in the cluster, starts it and follows its progress until it ends, or until the
     * user interrupts (then detaches, or with {@link LaunchRequest#cancel()} stops it).
     *
     * @return the run's exit code (0 ok, 1 a step failed, 2 invalid input, 3 interrupted, 4 locked), or 3 when
     *         the terminal detached from a run that goes on
     * @throws LaunchException when the run could not be started or followed (the message says why)
     */
    int launch(LaunchRequest request) throws LaunchException, InterruptedException;
}
