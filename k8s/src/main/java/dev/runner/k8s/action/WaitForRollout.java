package dev.runner.k8s.action;

import dev.runner.k8s.Kube;
import dev.runner.k8s.KubeAction;
import dev.runner.k8s.cluster.Calls;
import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.k8s.cluster.CrashLoops;
import dev.runner.k8s.cluster.PodReport;
import dev.runner.k8s.cluster.Pods;
import dev.runner.k8s.cluster.Waits;
import dev.runner.step.Observation;
import dev.runner.step.StepException;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * {@code wait-for-rollout}: watches a Deployment (an informer: list, then watch) until the controller has seen
 * the latest spec and every replica is updated, ready and available, like {@code kubectl rollout status}. On
 * timeout it reports replica counts, why pods are not ready, the failing containers' log tails and recent events;
 * with {@code failAfterRestarts} it reports the same as soon as a container of the new pods keeps failing.
 */
public final class WaitForRollout implements KubeAction {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    static final Duration CRASH_CHECK_EVERY = Duration.ofSeconds(2);

    @Override
    public StepPlan plan(Kube k) throws StepException {
        String name = k.args().required("name");
        var online = k.online();
        if (online.isEmpty()) {
            return Plans.offline("wait until Deployment " + Plans.offlineNamespace(k) + "/" + name
                    + " has rolled out", List.of());
        }
        ClusterTarget t = online.get();
        Deployment d = k.read("read Deployment " + name,
                () -> t.client().apps().deployments().inNamespace(t.namespace()).withName(name).get());
        if (d == null) {
            return StepPlan.of("wait for Deployment " + t.namespace() + "/" + name + " (does not exist yet)");
        }
        String giveBack = d.getMetadata().getAnnotations() != null
                && d.getMetadata().getAnnotations().containsKey(RecreateForChange.ANNOTATION)
                ? ", then give it its own strategy back (annotation " + RecreateForChange.ANNOTATION + ")" : "";
        return StepPlan.of("wait until Deployment " + t.namespace() + "/" + name + " has rolled out (now: "
                + counts(d) + ")" + giveBack);
    }

    @Override
    public StepResult run(Kube k) throws StepException, InterruptedException {
        ClusterTarget t = k.target();
        String name = k.args().required("name");
        var resource = t.client().apps().deployments().inNamespace(t.namespace()).withName(name);
        Waits.Deadline deadline = k.deadline(DEFAULT_TIMEOUT);
        String where = "Deployment " + t.namespace() + "/" + name;
        Waits.Check crashLoops = crashLoopCheck(k, t, resource, name, where);
        try {
            List<Deployment> done = Waits.await(k.ctx(), resource.informOnCondition(list -> {
                if (list.isEmpty()) {
                    return false;
                }
                k.log().progress(where + ": " + counts(list.get(0)));
                return complete(list.get(0)) || stalled(list.get(0)) != null;
            }), deadline, CRASH_CHECK_EVERY, crashLoops);
            Deployment d = done.get(0);
            if (stalled(d) != null) {
                throw new StepException(report(t, name, d, where + " stopped progressing: " + stalled(d)), true);
            }
            String strategy = giveBackStrategy(k, t).map(x -> "; its own strategy " + x + " given back").orElse("");
            return StepResult.of(Map.of("replicas", String.valueOf(replicas(d))), where + " rolled out" + strategy);
        } catch (TimeoutException e) {
            Deployment d = k.call("read " + where, resource::get);
            throw new StepException(report(t, name, d, where + " did not roll out in " + deadline.total()), true);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KubernetesClientException kce ? Calls.failure("watch " + where, kce)
                    : new StepException("watch " + where + ": " + e.getCause(), true, e.getCause());
        }
    }

    /**
     * With {@code failAfterRestarts}: fails the wait (not retryable) as soon as a container of the new ReplicaSet's
     * pods has failed that many times since the wait began, with the same report as a timeout.
     */
    private static Waits.Check crashLoopCheck(Kube k, ClusterTarget t, Resource<Deployment> resource, String name,
            String where) throws StepException, InterruptedException {
        Optional<Integer> failAfter = k.args().integer("failAfterRestarts");
        if (failAfter.isEmpty()) {
            return () -> { };
        }
        CrashLoops loops = new CrashLoops(failAfter.get());
        Deployment first = k.call("read " + where, resource::get);
        if (first != null && selector(first) != null) {
            loops.baseline(CrashLoops.newestPods(t, first, selector(first)));
        }
        return () -> {
            Deployment d = k.call("read " + where, resource::get);
            if (d == null || selector(d) == null) {
                return;
            }
            Optional<String> why;
            try {
                why = loops.failing(CrashLoops.newestPods(t, d, selector(d)));
            } catch (KubernetesClientException e) {
                return;   // asked again at the next check
            }
            if (why.isPresent()) {
                throw new StepException(report(t, name, d, where + " cannot roll out: " + why.get()
                        + " (failAfterRestarts " + failAfter.get() + "); fix the cause shown below, then resume"), false);
            }
        };
    }

    /**
     * After a complete rollout: the strategy that patch-deployment or restore-deployment recorded when they switched
     * the Deployment to Recreate for the change goes back ({@link RecreateForChange}); empty when none was recorded.
     */
    private static Optional<String> giveBackStrategy(Kube k, ClusterTarget t) throws StepException,
            InterruptedException {
        DeploymentEdit e = new DeploymentEdit(k, t);
        Map<String, Object> live = e.require();
        Optional<String> strategy = RecreateForChange.recorded(live);
        if (strategy.isPresent()) {
            e.update(live, d -> RecreateForChange.giveBack(d) ? d : null);
            k.log().info("gave " + e.what() + " its own strategy back: " + strategy.get());
        }
        return strategy;
    }

    @Override
    public Observation observe(Kube k) throws StepException, InterruptedException {
        ClusterTarget t = k.target();
        String name = k.args().required("name");
        Deployment d = k.call("read Deployment " + name,
                () -> t.client().apps().deployments().inNamespace(t.namespace()).withName(name).get());
        if (d != null && complete(d) && d.getMetadata().getAnnotations() != null
                && d.getMetadata().getAnnotations().containsKey(RecreateForChange.ANNOTATION)) {
            return Observation.notDone("rolled out; its own strategy is still to be given back");
        }
        return d != null && complete(d) ? Observation.done(Map.of("replicas", String.valueOf(replicas(d))), counts(d))
                : Observation.notDone(d == null ? "no such Deployment" : counts(d));
    }

    static boolean complete(Deployment d) {
        var s = d.getStatus();
        if (s == null) {
            return false;
        }
        int want = replicas(d);
        long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        return n(s.getObservedGeneration()) >= generation && n(s.getUpdatedReplicas()) == want
                && n(s.getReadyReplicas()) == want && n(s.getAvailableReplicas()) == want
                && n(s.getReplicas()) == want;
    }

    /** The reason when the controller gave up (progressDeadlineSeconds passed), else null. */
    static String stalled(Deployment d) {
        if (d.getStatus() == null || d.getStatus().getConditions() == null) {
            return null;
        }
        return d.getStatus().getConditions().stream()
                .filter(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus()))
                .map(c -> c.getReason() + ": " + c.getMessage()).findFirst().orElse(null);
    }

    static String counts(Deployment d) {
        var s = d.getStatus();
        int want = replicas(d);
        if (s == null) {
            return "no status yet, want " + want + " replicas";
        }
        return "updated " + n(s.getUpdatedReplicas()) + "/" + want + ", ready " + n(s.getReadyReplicas()) + "/" + want
                + ", available " + n(s.getAvailableReplicas()) + "/" + want + ", total " + n(s.getReplicas())
                + ", observed generation " + n(s.getObservedGeneration()) + "/"
                + Objects.requireNonNullElse(d.getMetadata().getGeneration(), 0L);
    }

    private static String report(ClusterTarget t, String name, Deployment d, String headline) {
        List<String> lines = new ArrayList<>();
        lines.add(headline);
        if (d == null) {
            lines.add("  the Deployment does not exist");
            return String.join("\n", lines);
        }
        lines.add("  replicas: " + counts(d));
        String sel = selector(d);
        lines.addAll(PodReport.lines(t, sel == null ? List.of() : Pods.find(t, null, sel), List.of(name)));
        return String.join("\n", lines);
    }

    /** The Deployment's matchLabels as a label selector, or null. */
    private static String selector(Deployment d) {
        var selector = d.getSpec() == null ? null : d.getSpec().getSelector();
        if (selector == null || selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty()) {
            return null;
        }
        return String.join(",", selector.getMatchLabels().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    private static int replicas(Deployment d) {
        return d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    private static long n(Number v) {
        return v == null ? 0 : v.longValue();
    }
}
