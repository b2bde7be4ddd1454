package dev.runner.step;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** What a step sees while it plans, runs or is observed. */
public interface StepContext {

    /** The step's id in the flattened workflow (e.g. {@code restore} or {@code restart-apps.delete}). */
    String stepId();

    /** The {@code with} mapping with every {@code ${...}} resolved (nested maps/lists preserved). */
    Map<String, Object> with();

    /** Directory of the file that declared the step; relative paths in {@code with} resolve against it. */
    Path baseDir();

    /**
     * Settings given on the command line that are not the engine's business, e.g. {@code kubeconfig},
     * {@code context}, {@code namespace}. Step types read the keys they understand.
     */
    Map<String, String> settings();

    /** The step's timeout if one is set (the executor enforces it too, by interrupting the step). */
    Optional<Duration> timeout();

    /** True once the run is being stopped (Ctrl-C, timeout); long waits should return promptly. */
    boolean cancelled();

    /** Progress and log output for the user. Secrets are masked by the engine before printing. */
    StepLog log();

    /**
     * Tells the engine that this attempt started a local process group led by {@code pid} (its pgid). The
     * engine records it durably before this returns, so that if the runner dies, a resume or a takeover of its
     * lock first makes sure the group is gone. Call it right after the start, before waiting on the process.
     */
    default void processStarted(long pid) {
    }

    /** Registers a value that must never be printed or stored in clear (e.g. a secret read from a cluster). */
    void addSecret(String value);

    /** {@code text} with every secret value known to the run replaced by {@code ***}. */
    default String mask(String text) {
        return text;
    }

    /**
     * Services shared across steps of one run (e.g. a cache of Kubernetes clients), created on first use
     * and closed when the run ends if they implement {@link AutoCloseable}.
     */
    <T> T service(Class<T> type, java.util.function.Supplier<T> factory);
}
