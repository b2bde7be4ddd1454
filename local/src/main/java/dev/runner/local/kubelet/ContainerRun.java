package dev.runner.local.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;

/** One container of a running pod: its current process, restart count, readiness and the states it reports. */
final class ContainerRun {
    final Container spec;
    final boolean init;
    final Path log;
    LaunchSpec launch;
    private static final Duration START_LIMIT = Duration.ofMinutes(2);
    String containerName; // the podman container of the current instance (null: a host process)
    private Path pidFile;
    Process process;
    int restartCount;
    boolean ready;
    boolean done; // terminated for good (init container succeeded, or no restart will follow)
    Instant restartAt;
    Instant nextProbe = Instant.EPOCH;
    private ContainerState state;
    private ContainerState lastState = new ContainerState();

    ContainerRun(Container spec, boolean init, Path podDir) {
        this.spec = spec;
        this.init = init;
        this.log = podDir.resolve("logs").resolve(spec.getName() + ".log");
        this.state = waiting(init ? "PodInitializing" : "ContainerCreating", null);
    }

    String name() {
        return spec.getName();
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    /** Starts a new instance as a host process; the previous instance's log becomes the "previous" log. */
    void start(Launcher launcher, LaunchSpec spec) throws IOException {
        rotateLog();
        launch = spec;
        process = launcher.start(spec, log);
        started();
    }

    /**
     * Starts a new instance as a podman container and returns once its main process runs (or podman gave up): only
     * then is it Running, and can be exec'd into, as on a real node.
     */
    void start(PodmanLaunch.Start container) throws IOException {
        rotateLog();
        launch = new LaunchSpec(container.argv(), container.env(), java.util.List.of(), null, null);
        containerName = container.name();
        pidFile = container.pidFile();
        Files.createDirectories(pidFile.getParent());
        Files.deleteIfExists(pidFile);
        process = Podman.run(container.argv(), container.env(), log);
        Instant giveUp = Instant.now().plus(START_LIMIT);
        while (mainPid() < 0 && process.isAlive() && Instant.now().isBefore(giveUp)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        started();
    }

    /** The host pid of the running container's main process (containers only), or -1. */
    long mainPid() {
        try {
            String pid = pidFile == null || !running() ? "" : Files.readString(pidFile).trim();
            return pid.isEmpty() ? -1 : Long.parseLong(pid);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private void rotateLog() throws IOException {
        if (Files.exists(log)) {
            Files.move(log, previousLog(), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void started() {
        ready = false;
        done = false;
        restartAt = null;
        state = new ContainerStateBuilder().withNewRunning().withStartedAt(now()).endRunning().build();
    }

    Path previousLog() {
        return log.resolveSibling(spec.getName() + ".previous.log");
    }

    /** Records the exit of the current instance. */
    int exited() {
        int code = process.exitValue();
        String started = state.getRunning() == null ? now() : state.getRunning().getStartedAt();
        state = new ContainerStateBuilder().withNewTerminated().withExitCode(code)
                .withReason(code == 0 ? "Completed" : "Error").withStartedAt(started).withFinishedAt(now())
                .withContainerID(containerId()).endTerminated().build();
        ready = false;
        return code;
    }

    /** Waits before the next start: Kubernetes' CrashLoopBackOff, doubling from 1 s, capped at 10 s locally. */
    void backOff() {
        lastState = state;
        restartCount++;
        long seconds = Math.min(10, 1L << Math.min(restartCount - 1, 4));
        restartAt = Instant.now().plus(Duration.ofSeconds(seconds));
        state = waiting("CrashLoopBackOff", "back-off " + seconds + "s restarting failed container=" + name());
    }

    /** Attempts so far: a container's name must be new for each. */
    int attempts() {
        return restartCount + (process == null ? 0 : 1);
    }

    void configError(String message) {
        state = waiting("CreateContainerConfigError", message);
    }

    ContainerStatus status() {
        return new ContainerStatusBuilder().withName(name()).withImage(spec.getImage())
                .withImageID(containerName != null ? launchImage()
                        : "local://" + ImageKind.of(spec.getImage()).name().toLowerCase())
                .withContainerID(process == null ? null : containerId()).withReady(ready)
                .withStarted(state.getRunning() != null).withRestartCount(restartCount).withState(state)
                .withLastState(lastState).build();
    }

    private String containerId() {
        return containerName != null ? "podman://" + containerName : "local://" + process.pid();
    }

    private String launchImage() {
        return launch.command().stream().filter(a -> a.startsWith("localhost/runner-local/")).findFirst().orElse("");
    }

    private static ContainerState waiting(String reason, String message) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting()
                .build();
    }

    static String now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}
