package dev.runner.local.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** What the API server needs from the kubelet to serve the pods/exec and pods/log subresources. */
public interface PodBackend {

    /** Thrown when the pod or container cannot take an exec (unknown, not running). */
    final class NotRunning extends Exception {
        public NotRunning(String message) {
            super(message);
        }
    }

    /**
     * Starts {@code command} in the pod's container environment (same env, mounts and user as the container).
     * The process runs in its own process group; {@link #kill(Process)} ends the whole group.
     */
    Process exec(String namespace, String pod, String container, List<String> command)
            throws NotRunning, IOException;

    /** Ends an exec'd process and everything it started. */
    void kill(Process process);

    /** The captured output of a container (the previous instance's when {@code previous}), or null. */
    Path logFile(String namespace, String pod, String container, boolean previous);
}
