package dev.runner.k8s.cluster;

/** The outcome of a command run in a container. */
public record ExecResult(int exitCode, String stdout, String stderr) {
}
