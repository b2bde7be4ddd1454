package dev.runner.k8s.action;

import dev.runner.k8s.Kube;
import dev.runner.k8s.KubeAction;
import dev.runner.k8s.cluster.Calls;
import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.k8s.cluster.Events;
import dev.runner.k8s.cluster.Pods;
import dev.runner.k8s.cluster.Waits;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * {@code delete-pod}: deletes pods by name or selector, then (unless {@code wait: false}) watches until as many
 * new pods (UIDs not seen before) with the same labels are Ready as controller-owned pods were deleted.
 */
public final class DeletePod implements KubeAction {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    /** Labels that differ between a pod and its replacement after a template change. */
    private static final Set<String> VOLATILE_LABELS = Set.of("pod-template-hash", "controller-revision-hash");

    @Override
    public StepPlan plan(Kube k) throws StepException {
        var online = k.online();
        String what = k.args().str("pod").map(n -> "pod " + n).orElse("pods " + k.args().str("selector").orElse("?"));
        if (online.isEmpty()) {
            return Plans.offline("delete " + what + " and wait for replacements", List.of());
        }
        ClusterTarget t = online.get();
        List<Pod> pods = k.read("find " + what, () -> find(k, t));
        return pods.isEmpty() ? StepPlan.noChange("delete " + what + ": none exist")
                : StepPlan.of("delete " + names(pods) + " in " + t.where() + " and wait for replacements");
    }

    @Override
    public StepResult run(Kube k) throws StepException, InterruptedException {
        ClusterTarget t = k.target();
        List<Pod> pods = k.call("find pods", () -> find(k, t));
        if (pods.isEmpty()) {
            throw new StepException("no pod to delete: " + k.args().all().getOrDefault("pod",
                    k.args().all().get("selector")) + " in " + t.where(), true);
        }
        String selector = selector(k, pods.get(0));
        Set<String> before = k.call("list pods " + selector, () -> uids(Pods.find(t, null, selector)));
        for (Pod p : pods) {
            k.call("delete pod " + p.getMetadata().getName(),
                    () -> t.client().pods().inNamespace(t.namespace()).withName(p.getMetadata().getName()).delete());
            k.log().info("deleted pod " + p.getMetadata().getName());
        }
        long owned = pods.stream().filter(p -> p.getMetadata().getOwnerReferences() != null
                && !p.getMetadata().getOwnerReferences().isEmpty()).count();
        if (!k.args().bool("wait", true) || owned == 0) {
            return StepResult.of(Map.of("deleted", names(pods), "replacements", ""), "deleted " + names(pods));
        }
        List<Pod> fresh = awaitReplacements(k, t, selector, before, (int) owned);
        return StepResult.of(Map.of("deleted", names(pods), "replacements", names(fresh)),
                "deleted " + names(pods) + "; ready: " + names(fresh));
    }

    @Override
    public Observation observe(Kube k) {
        return Observation.unknown("deleting pods is safe to repeat; run it again");
    }

    private static List<Pod> awaitReplacements(Kube k, ClusterTarget t, String selector, Set<String> before, int want)
            throws StepException, InterruptedException {
        var pods = t.client().pods().inNamespace(t.namespace()).withLabelSelector(selector);
        Waits.Deadline deadline = k.deadline(DEFAULT_TIMEOUT);
        try {
            return fresh(Waits.await(k.ctx(), pods.informOnCondition(list -> {
                List<Pod> fresh = fresh(list, before);
                k.log().progress(fresh.stream().filter(Pods::isReady).count() + "/" + want + " replacement pods ready");
                return fresh.stream().filter(Pods::isReady).count() >= want;
            }), deadline), before).stream().filter(Pods::isReady).toList();
        } catch (TimeoutException e) {
            List<Pod> now = k.call("list pods " + selector, () -> Pods.find(t, null, selector));
            List<String> lines = new ArrayList<>(List.of("replacement pods (" + selector + ") not ready after "
                    + deadline.total() + "; want " + want));
            Pods.describe(fresh(now, before)).forEach(l -> lines.add("  " + l));
            Events.recent(t, now.stream().map(p -> p.getMetadata().getName()).toList(), 10)
                    .forEach(l -> lines.add("  " + l));
            throw new StepException(String.join("\n", lines), true);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KubernetesClientException kce ? Calls.failure("watch pods " + selector, kce)
                    : new StepException("watch pods " + selector + ": " + e.getCause(), true, e.getCause());
        }
    }

    private static List<Pod> find(Kube k, ClusterTarget t) {
        return Pods.find(t, k.args().str("pod").orElse(null), k.args().str("selector").orElse(null));
    }

    /** The selector given, or for a named pod its labels (less those a new template revision changes). */
    private static String selector(Kube k, Pod p) {
        return k.args().str("selector").orElseGet(() -> new TreeMap<>(p.getMetadata().getLabels() == null ? Map.of()
                : p.getMetadata().getLabels()).entrySet().stream().filter(e -> !VOLATILE_LABELS.contains(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
    }

    private static List<Pod> fresh(List<Pod> pods, Set<String> before) {
        return pods.stream().filter(p -> !before.contains(p.getMetadata().getUid())
                && p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static Set<String> uids(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
    }

    private static String names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.joining(","));
    }
}
