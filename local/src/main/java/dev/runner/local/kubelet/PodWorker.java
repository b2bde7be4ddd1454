package dev.runner.local.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Runs one pod: waits until no terminating pod still holds its persistent volumes, runs the init containers in
 * order (each must exit 0), then the containers, restarts them per restartPolicy with back-off, probes readiness,
 * and reports all of it in the pod's status. {@link #stop()} ends every process of the pod.
 */
final class PodWorker implements Runnable {
    private final NodeContext node;
    private final Pod pod;
    private final Predicate<PodWorker> volumesBusy;
    private final List<ContainerRun> inits = new ArrayList<>();
    private final List<ContainerRun> mains = new ArrayList<>();
    private final String restartPolicy;
    private final String startTime = ContainerRun.now();
    private volatile boolean stopping;
    private PodVolumes volumes;
    private String phase = "Pending";
    private boolean initialized;
    private PodStatus published;

    PodWorker(NodeContext node, Pod pod, Predicate<PodWorker> volumesBusy) {
        this.node = node;
        this.pod = pod;
        this.volumesBusy = volumesBusy;
        var dir = node.podDir(uid());
        for (Container c : pod.getSpec().getInitContainers()) {
            inits.add(new ContainerRun(c, true, dir));
        }
        for (Container c : pod.getSpec().getContainers()) {
            mains.add(new ContainerRun(c, false, dir));
        }
        restartPolicy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
    }

    String uid() {
        return pod.getMetadata().getUid();
    }

    Pod pod() {
        return pod;
    }

    PodVolumes volumes() {
        return volumes;
    }

    boolean stopping() {
        return stopping;
    }

    @Override
    public void run() {
        try {
            // In containers the image's entrypoint owns PGDATA (it chowns it, as on a real cluster's fresh volume)
            volumes = new PodVolumes(node, pod, !node.containers() && usesArchiver() && node.launcher().isRootUser()
                    ? ContainerLaunch.PG_USER : null);
            if (node.containers()) {
                volumes.applyFsGroup(pod);
            }
            publish();
            while (volumesBusy.test(this)) {
                if (!pause(200)) {
                    return;
                }
            }
            event("Normal", "Scheduled", "Successfully assigned " + ns() + "/" + name() + " to local");
            for (ContainerRun c : inits) {
                if (!runInit(c)) {
                    return;
                }
            }
            initialized = true;
            phase = "Running";
            for (ContainerRun c : mains) {
                tryStart(c);
            }
            supervise();
        } catch (IOException | RuntimeException e) {
            if (!stopping) {
                event("Warning", "Failed", "local kubelet: " + e.getMessage());
            }
        }
    }

    private boolean runInit(ContainerRun c) {
        while (!stopping) {
            if (c.restartAt != null && Instant.now().isBefore(c.restartAt)) {
                pause(200);
                continue;
            }
            if (!tryStart(c)) {
                pause(1000);
                continue;
            }
            publish();
            while (c.running() && !stopping) {
                pause(100);
            }
            if (stopping) {
                return false;
            }
            if (c.exited() == 0) {
                c.done = true;
                publish();
                return true;
            }
            event("Warning", "BackOff", "Init container " + c.name() + " failed (exit "
                    + c.process.exitValue() + ")");
            if (restartPolicy.equals("Never")) {
                phase = "Failed";
                publish();
                return false;
            }
            c.backOff();
            publish();
        }
        return false;
    }

    private void supervise() {
        while (!stopping) {
            boolean allDone = true;
            for (ContainerRun c : mains) {
                if (c.done) {
                    continue;
                }
                allDone = false;
                if (c.restartAt != null || c.process == null) {
                    if ((c.restartAt == null || !Instant.now().isBefore(c.restartAt)) && !tryStart(c)) {
                        c.restartAt = Instant.now().plusSeconds(2);
                    }
                } else if (!c.running()) {
                    int code = c.exited();
                    boolean restart = restartPolicy.equals("Always") || restartPolicy.equals("OnFailure") && code != 0;
                    if (restart) {
                        event("Warning", "BackOff", "Back-off restarting failed container " + c.name()
                                + " (exit " + code + ")");
                        c.backOff();
                    } else {
                        c.done = true;
                    }
                } else if (!Instant.now().isBefore(c.nextProbe)) {
                    c.ready = Probes.ready(node, c);
                    c.nextProbe = Instant.now().plusMillis(c.ready ? 2000 : 300);
                }
            }
            if (allDone) {
                phase = mains.stream().allMatch(c -> c.process != null && c.process.exitValue() == 0)
                        ? "Succeeded" : "Failed";
                publish();
                return;
            }
            publish();
            pause(150);
        }
    }

    private synchronized boolean tryStart(ContainerRun c) {
        if (stopping) {
            return false;
        }
        try {
            boolean restart = c.process != null;
            if (node.containers()) {
                c.start(PodmanLaunch.of(node, pod, c.spec, volumes, c.attempts()));
            } else {
                c.start(node.launcher(), ContainerLaunch.of(node, pod, c.spec, volumes));
            }
            event("Normal", "Started", (restart ? "Restarted" : "Started") + " container " + c.name());
            return true;
        } catch (Env.ConfigError e) {
            c.configError(e.getMessage());
            event("Warning", "Failed", "Error: " + e.getMessage());
        } catch (IOException e) {
            c.configError(e.getMessage());
            event("Warning", "Failed", "Error: cannot start container " + c.name() + ": " + e.getMessage());
        }
        publish();
        return false;
    }

    /**
     * Ends every process of the pod: a container gets its image's STOPSIGNAL, then SIGKILL after the pod's
     * terminationGracePeriodSeconds (else {@code grace}); a host process SIGINT for postgres — its fast shutdown —
     * else SIGTERM, then SIGKILL.
     */
    void stop(Duration grace) {
        synchronized (this) {
            stopping = true;
        }
        Long podGrace = pod.getSpec().getTerminationGracePeriodSeconds();
        if (podGrace != null) {
            grace = Duration.ofSeconds(podGrace);
        }
        List<ContainerRun> all = new ArrayList<>(inits);
        all.addAll(mains);
        for (ContainerRun c : all) {
            if (c.containerName != null) {
                Podman.stop(c.containerName, grace);
            } else if (c.process != null) {
                String signal = ImageKind.of(c.spec.getImage()) == ImageKind.ARCHIVER ? "INT" : "TERM";
                ProcessKiller.stop(c.process, signal, grace, null);
            }
        }
        ProcessKiller.killMarked(node.marker(uid()));
    }

    /** True while any process of this pod lives. */
    boolean alive() {
        return inits.stream().anyMatch(ContainerRun::running) || mains.stream().anyMatch(ContainerRun::running)
                || !ProcessKiller.findMarked(node.marker(uid())).isEmpty();
    }

    /** The container to exec into / read logs of: by name, or the first container when name is null. */
    ContainerRun container(String name) {
        if (name == null) {
            return mains.get(0);
        }
        return mains.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElse(inits.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null));
    }

    boolean usesArchiver() {
        return pod.getSpec().getContainers().stream().anyMatch(c -> ImageKind.of(c.getImage()) == ImageKind.ARCHIVER)
                || pod.getSpec().getInitContainers().stream()
                .anyMatch(c -> ImageKind.of(c.getImage()) == ImageKind.ARCHIVER);
    }

    private void publish() {
        boolean ready = initialized && mains.stream().allMatch(c -> c.ready);
        PodStatus status = new PodStatusBuilder().withPhase(phase).withHostIP("127.0.0.1").withPodIP("127.0.0.1")
                .withStartTime(startTime)
                .withConditions(condition("PodScheduled", true), condition("Initialized", initialized),
                        condition("ContainersReady", ready), condition("Ready", ready))
                .withInitContainerStatuses(inits.stream().map(ContainerRun::status).toList())
                .withContainerStatuses(mains.stream().map(ContainerRun::status).toList()).build();
        if (status.equals(published) || stopping) {
            return;
        }
        published = status;
        StatusWriter.update(node.client(), node.client().pods().inNamespace(ns()).withName(name()), p -> {
            if (!uid().equals(p.getMetadata().getUid())) {
                return false;
            }
            p.setStatus(withTransitionTimes(status, p.getStatus()));
            return true;
        });
    }

    private static PodStatus withTransitionTimes(PodStatus status, PodStatus old) {
        for (PodCondition c : status.getConditions()) {
            String time = old == null ? null : old.getConditions().stream()
                    .filter(o -> o.getType().equals(c.getType()) && o.getStatus().equals(c.getStatus()))
                    .map(PodCondition::getLastTransitionTime).findFirst().orElse(null);
            c.setLastTransitionTime(time == null ? ContainerRun.now() : time);
        }
        return status;
    }

    private static PodCondition condition(String type, boolean value) {
        return new PodConditionBuilder().withType(type).withStatus(value ? "True" : "False").build();
    }

    private void event(String type, String reason, String message) {
        Events.record(node.client(), pod, type, reason, message, "kubelet");
    }

    private boolean pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
        return !stopping;
    }

    private String ns() {
        return pod.getMetadata().getNamespace();
    }

    private String name() {
        return pod.getMetadata().getName();
    }
}
