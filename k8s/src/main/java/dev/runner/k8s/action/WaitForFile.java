package dev.runner.k8s.action;

import dev.runner.k8s.Kube;
import dev.runner.k8s.KubeAction;
import dev.runner.k8s.cluster.CrashLoops;
import dev.runner.k8s.cluster.ExecResult;
import dev.runner.k8s.cluster.PodReport;
import dev.runner.k8s.cluster.Waits;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code wait-for-file}: runs {@code test -e PATH} in the selected pod every {@code interval} until the path is
 * {@code present} (default) or {@code absent}. Pods that are missing, restarting or not reachable are waited for;
 * the step fails only when the timeout passes (or {@code test} itself cannot run), or, with
 * {@code failAfterRestarts}, when a container of those pods has failed that many times since the wait began.
 */
public final class WaitForFile implements KubeAction {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public StepPlan plan(Kube k) throws StepException {
        String what = "wait until " + k.args().required("path") + " is " + state(k) + " in ";
        var online = k.online();
        return online.isEmpty() ? Plans.offline(what + k.args().str("pod").orElse(k.args().str("selector").orElse("?")),
                List.of()) : StepPlan.of(what + new PodTarget(k, online.get()).describe());
    }

    @Override
    public StepResult run(Kube k) throws StepException, InterruptedException {
        PodTarget p = new PodTarget(k, k.target());
        String path = k.args().required("path");
        boolean wantPresent = "present".equals(state(k));
        Duration interval = k.args().duration("interval").orElse(Duration.ofSeconds(2));
        Waits.Deadline deadline = k.deadline(DEFAULT_TIMEOUT);
        Optional<CrashLoops> loops = k.args().integer("failAfterRestarts").map(CrashLoops::new);
        if (loops.isPresent()) {
            loops.get().baseline(p.all());
        }
        String last = "not checked yet";
        while (true) {
            if (loops.isPresent()) {
                failIfCrashLooping(p, path, loops.get());
            }
            Optional<Boolean> present = Optional.empty();
            try {
                Optional<Pod> pod = p.pick();
                if (pod.isEmpty()) {
                    last = "no pod found";
                } else {
                    present = Optional.of(check(p, pod.get(), path));
                    last = pod.get().getMetadata().getName() + ": " + path + (present.get() ? " present" : " absent");
                }
            } catch (StepException e) {
                // an API error (pod restarting, container not running yet) is waited out; a failing test is not
                if (!e.retryable() && !(e.getCause() instanceof KubernetesClientException)) {
                    throw e;
                }
                last = e.getMessage();
            }
            if (present.isPresent() && present.get() == wantPresent) {
                return StepResult.of(Map.of("state", state(k)), path + " is " + state(k));
            }
            if (deadline.expired()) {
                throw new StepException(path + " did not become " + state(k) + " in " + deadline.total()
                        + " (" + p.describe() + "); last check: " + last, true);
            }
            k.log().progress("waiting for " + path + " to be " + state(k) + "; " + last);
            Waits.pause(k.ctx(), interval, deadline);
        }
    }

    @Override
    public Observation observe(Kube k) throws StepException, InterruptedException {
        PodTarget p = new PodTarget(k, k.target());
        String path = k.args().required("path");
        Optional<Pod> pod = p.pick();
        if (pod.isEmpty()) {
            return Observation.notDone("no pod found");
        }
        boolean present = check(p, pod.get(), path);
        return present == "present".equals(state(k)) ? Observation.done(Map.of("state", state(k)), path + " is " + state(k))
                : Observation.notDone(path + " is not " + state(k));
    }

    /** A container of the pods that keeps failing (postgres stopping in recovery) will not make the file appear. */
    private static void failIfCrashLooping(PodTarget p, String path, CrashLoops loops)
            throws StepException, InterruptedException {
        List<Pod> pods = p.all();
        Optional<String> why = loops.failing(pods);
        if (why.isPresent()) {
            List<String> lines = new java.util.ArrayList<>(List.of(path + " cannot become what is waited for: "
                    + why.get() + " (failAfterRestarts); fix the cause shown below, then resume"));
            lines.addAll(PodReport.lines(p.t, pods, pods.stream().map(x -> x.getMetadata().getName()).toList()));
            throw new StepException(String.join("\n", lines), false);
        }
    }

    private static boolean check(PodTarget p, Pod pod, String path) throws StepException, InterruptedException {
        ExecResult r = p.exec(pod, List.of("test", "-e", path), PROBE_TIMEOUT);
        if (r.exitCode() == 0 || r.exitCode() == 1) {
            return r.exitCode() == 0;
        }
        throw new StepException("test -e " + path + " in pod " + pod.getMetadata().getName() + " exited with "
                + r.exitCode() + ": " + r.stderr().strip(), false);
    }

    private static String state(Kube k) {
        return k.args().str("state").orElse("present");
    }
}
