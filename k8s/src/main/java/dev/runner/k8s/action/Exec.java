package dev.runner.k8s.action;

import dev.runner.k8s.Kube;
import dev.runner.k8s.KubeAction;
import dev.runner.k8s.cluster.ExecResult;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code exec}: runs a command in a pod's container. Outputs {@code exitCode}, {@code stdout}, {@code stderr}
 * (trailing newlines removed); a non-zero exit fails the step unless {@code failOnError: false}.
 */
public final class Exec implements KubeAction {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    @Override
    public StepPlan plan(Kube k) throws StepException {
        List<String> cmd = PodTarget.command(k);
        var online = k.online();
        if (online.isEmpty()) {
            return Plans.offline("exec " + cmd + " in " + target(k), List.of());
        }
        PodTarget p = new PodTarget(k, online.get());
        String chosen;
        try {
            chosen = p.pick().map(pod -> "pod " + pod.getMetadata().getName()).orElse("no pod matches yet");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            chosen = "?";
        }
        return StepPlan.of("exec " + cmd + " in " + p.describe() + " (" + chosen + ")");
    }

    @Override
    public StepResult run(Kube k) throws StepException, InterruptedException {
        List<String> cmd = PodTarget.command(k);
        PodTarget p = new PodTarget(k, k.target());
        Pod pod = p.pick().orElseThrow(() -> new StepException("no pod found: " + p.describe(), true));
        Duration limit = k.deadline(DEFAULT_TIMEOUT).remaining();
        Duration own = k.args().duration("timeout").orElse(limit);
        ExecResult r = p.exec(pod, cmd, own.compareTo(limit) < 0 ? own : limit);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("exitCode", String.valueOf(r.exitCode()));
        out.put("stdout", chomp(r.stdout()));
        out.put("stderr", chomp(r.stderr()));
        out.put("pod", pod.getMetadata().getName());
        if (r.exitCode() != 0 && k.args().bool("failOnError", true)) {
            String err = chomp(r.stderr());
            throw new StepException("command " + cmd + " in pod " + pod.getMetadata().getName() + " exited with "
                    + r.exitCode() + (err.isEmpty() ? "" : ": " + tail(err)), false);
        }
        return StepResult.of(out, "exit " + r.exitCode() + " in pod " + pod.getMetadata().getName());
    }

    @Override
    public Observation observe(Kube k) {
        return Observation.unknown("a command's effect cannot be observed; run it again only if it is idempotent");
    }

    private static String target(Kube k) {
        return k.args().str("pod").map(n -> "pod " + n).orElse("pods " + k.args().str("selector").orElse("?"))
                + k.args().str("container").map(c -> " container " + c).orElse("");
    }

    static String chomp(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static String tail(String s) {
        String[] lines = s.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 10), lines.length));
    }
}
