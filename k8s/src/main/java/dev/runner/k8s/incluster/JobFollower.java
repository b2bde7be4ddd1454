package dev.runner.k8s.incluster;

import dev.runner.exec.Cancellation;
import dev.runner.k8s.cluster.ClusterTarget;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Follows a launched run from the terminal: the pod's state until its container starts, then its log (the run's
 * progress lines and summary) as it grows, until the container has ended; the outcome is its exit code. The log is
 * read again each second and only what is new is printed (a follow stream would do, but a stream that breaks
 * mid-run would lose or repeat lines; re-reading is exact and cheap at a run's log size).
 */
final class JobFollower {
    enum Kind { FINISHED, INTERRUPTED }

    record Outcome(Kind kind, int exitCode) {
    }

    /** Waiting reasons that will not pass by themselves (https://kubernetes.io/docs/concepts/containers/images/). */
    private static final Set<String> STUCK = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "CreateContainerConfigError", "CreateContainerError", "ErrImageNeverPull");
    private static final long POLL_MS = 1000;
    /** The runner's exit codes: 0 ok, 1 a step failed, 2 invalid input, 3 interrupted, 4 locked (DESIGN §4). */
    private static final int LAST_RUNNER_CODE = 4;
    private static final int INTERRUPTED = 3;

    private final ClusterTarget t;
    private final String job;
    private final Consumer<String> out;
    private final Cancellation cancellation;
    private String lastState = "";
    private int printed;

    JobFollower(ClusterTarget t, String job, Consumer<String> out, Cancellation cancellation) {
        this.t = t;
        this.job = job;
        this.out = out;
        this.cancellation = cancellation;
    }

    Outcome follow() throws InterruptedException {
        while (true) {
            if (cancellation.cancelled()) {
                return new Outcome(Kind.INTERRUPTED, INTERRUPTED);
            }
            try {
                Optional<Outcome> done = step();
                if (done.isPresent()) {
                    return done.get();
                }
            } catch (KubernetesClientException e) {
                say("cannot read the run's pod (" + e.getCode() + " " + e.getMessage() + "); trying again");
            }
            Thread.sleep(POLL_MS);
        }
    }

    private Optional<Outcome> step() {
        Optional<Pod> pod = pod();
        if (pod.isEmpty()) {
            Job j = t.client().batch().v1().jobs().inNamespace(t.namespace()).withName(job).get();
            if (j == null) {
                say("Job " + job + " is gone");
                return Optional.of(new Outcome(Kind.FINISHED, 1));
            }
            state("waiting for the Job's pod");
            return Optional.empty();
        }
        Pod p = pod.get();
        Optional<ContainerStatus> cs = p.getStatus() == null || p.getStatus().getContainerStatuses() == null
                ? Optional.empty() : p.getStatus().getContainerStatuses().stream()
                        .filter(s -> LaunchObjects.CONTAINER.equals(s.getName())).findFirst();
        ContainerStateWaiting waiting = cs.map(s -> s.getState() == null ? null : s.getState().getWaiting()).orElse(null);
        ContainerStateTerminated ended = cs.map(s -> s.getState() == null ? null : s.getState().getTerminated())
                .orElse(null);
        boolean started = ended != null || cs.map(s -> s.getState() != null && s.getState().getRunning() != null)
                .orElse(false);
        if (!started) {
            String phase = p.getStatus() == null ? "Pending" : p.getStatus().getPhase();
            state("pod " + p.getMetadata().getName() + ": " + phase + (waiting == null ? ""
                    : " (" + waiting.getReason() + (waiting.getMessage() == null ? "" : ": " + waiting.getMessage())
                    + ")"));
            if (waiting != null && STUCK.contains(waiting.getReason())) {
                say("the run's pod cannot start; the Job is left for inspection (kubectl -n " + t.namespace()
                        + " describe pod " + p.getMetadata().getName() + ")");
                return Optional.of(new Outcome(Kind.FINISHED, 1));
            }
            return Optional.empty();
        }
        printNewLog(p.getMetadata().getName(), ended != null);
        if (ended != null) {
            return Optional.of(new Outcome(Kind.FINISHED, exitCode(p.getMetadata().getName(), ended)));
        }
        return Optional.empty();
    }

    /**
     * The runner's own exit code (0 to 4); any other code means the runner did not end the run itself (killed by a
     * signal: 128 + its number, https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/
     * and https://tldp.org/LDP/abs/html/exitcodes.html), so the run is interrupted where its checkpoint is: 3, with
     * how to resume it from here.
     */
    private int exitCode(String pod, ContainerStateTerminated ended) {
        int code = ended.getExitCode() == null ? 1 : ended.getExitCode();
        if (code <= LAST_RUNNER_CODE) {
            return code;
        }
        say("the run's container in pod " + pod + " ended before the run did (exit code " + code
                + (code > 128 ? ", signal " + (code - 128) : "")
                + (ended.getReason() == null ? "" : ", " + ended.getReason()) + "); its state is kept in namespace "
                + t.namespace() + ": continue it with runner resume --state cluster -n " + t.namespace()
                + " --workflow FILE");
        return INTERRUPTED;
    }

    private Optional<Pod> pod() {
        List<Pod> pods = t.client().pods().inNamespace(t.namespace()).withLabel("job-name", job).list().getItems();
        if (pods.isEmpty()) {
            pods = t.client().pods().inNamespace(t.namespace()).withLabel("batch.kubernetes.io/job-name", job).list()
                    .getItems();
        }
        return pods.stream().max(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())));
    }

    /** The log's complete lines not printed yet (and, once the container has ended, a last partial line). */
    private void printNewLog(String pod, boolean last) {
        String log = t.client().pods().inNamespace(t.namespace()).withName(pod).inContainer(LaunchObjects.CONTAINER)
                .getLog();
        if (log == null) {
            return;
        }
        if (log.length() < printed) {
            say("(the pod's log was rotated; printing it again from its start)");
            printed = 0;
        }
        int end = last ? log.length() : log.lastIndexOf('\n') + 1;
        if (end > printed) {
            String chunk = log.substring(printed, end);
            chunk.lines().forEach(out);
            printed = end;
        }
    }

    private void state(String s) {
        if (!s.equals(lastState)) {
            lastState = s;
            say(s);
        }
    }

    private void say(String s) {
        out.accept("runner: " + s);
    }
}
