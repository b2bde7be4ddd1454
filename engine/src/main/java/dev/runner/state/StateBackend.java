package dev.runner.state;

import dev.runner.model.Secrets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where runs are kept and locked: a state directory on this machine ({@link StateDir}) or the Kubernetes API
 * server (ConfigMaps and a Lease, in module k8s). The engine knows only this interface.
 */
public interface StateBackend extends AutoCloseable {
    /** Where, for messages: "the state directory .runner", "namespace ns of context c". */
    String where();

    /**
     * The lock of a workflow on a target (kube context, namespace …): two runs must not drive the same target
     * at once. Refused with the holder when it is held.
     */
    TargetLock lockTarget(Path workflow, String workflowName, Map<String, String> settings, String runId,
                          Consumer<String> warn) throws IOException, LockedException;

    /** The lock of one run's state, taken after the target's; {@link TargetLock#NONE} where the target's covers it. */
    TargetLock lockRun(String runId, Consumer<String> warn) throws IOException, LockedException;

    /** Creates a new run and records {@code runStarted} as its first event. */
    RunStorage create(String runId, Event runStarted, Secrets secrets) throws IOException;

    /** Reopens an existing run for appending (resume). */
    RunStorage open(String runId, Secrets secrets) throws IOException;

    /** A run's state, read without taking anything; empty when there is no such run. */
    Optional<RunState> find(String runId) throws IOException;

    /** All runs, oldest first. Unreadable runs are listed with their problem rather than hidden. */
    List<RunEntry> list() throws IOException;

    /** The newest run that did not succeed and is not running now: what {@code runner resume} picks by default. */
    default Optional<RunEntry> latestUnfinished() throws IOException {
        List<RunEntry> all = list();
        for (int i = all.size() - 1; i >= 0; i--) {
            RunEntry e = all.get(i);
            if (e.state() != null && e.state().phase() != RunPhase.SUCCEEDED && !e.active()) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    @Override
    default void close() throws IOException {
    }
}
