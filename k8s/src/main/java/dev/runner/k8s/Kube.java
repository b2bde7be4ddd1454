package dev.runner.k8s;

import dev.runner.k8s.cluster.Calls;
import dev.runner.k8s.cluster.ClusterTarget;
import dev.runner.k8s.cluster.Clusters;
import dev.runner.k8s.cluster.Waits;
import dev.runner.step.StepContext;
import dev.runner.step.InvalidInputException;
import dev.runner.step.StepException;
import dev.runner.step.StepLog;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** What a {@link KubeAction} works with: the step context, its {@code with}, and the run's clusters. */
public final class Kube {
    private final StepContext ctx;
    private final Args args;

    public Kube(StepContext ctx) {
        this.ctx = ctx;
        this.args = new Args(ctx.stepId(), ctx.with());
    }

    public StepContext ctx() {
        return ctx;
    }

    public Args args() {
        return args;
    }

    public StepLog log() {
        return ctx.log();
    }

    public Clusters clusters() {
        return Clusters.of(ctx);
    }

    /** The step's cluster: {@code with.context}/{@code with.namespace}, else the run's. */
    public ClusterTarget target() throws StepException {
        return target(blankless("context"), blankless("namespace"));
    }

    /** A {@code with} value where an empty string (e.g. an unset workflow param) means "not given". */
    private String blankless(String key) {
        return args.str(key).filter(v -> !v.isBlank()).orElse(null);
    }

    public ClusterTarget target(String context, String namespace) throws StepException {
        return clusters().target(context, namespace);
    }

    /**
     * For plan: the cluster if one is configured and answers, else empty (the plan is then made offline). A
     * missing kubeconfig is noticed without any network access.
     */
    public Optional<ClusterTarget> online(String context, String namespace) {
        if (!clusters().configured()) {
            return Optional.empty();
        }
        try {
            ClusterTarget t = target(context, namespace);
            return clusters().reachable(t) ? Optional.of(t) : Optional.empty();
        } catch (StepException e) {
            return Optional.empty();
        }
    }

    public Optional<ClusterTarget> online() {
        return online(blankless("context"), blankless("namespace"));
    }

    /** One API call with transient-failure retry; see {@link Calls}. */
    public <T> T call(String what, Supplier<T> op) throws StepException, InterruptedException {
        return Calls.call(ctx, what, op);
    }

    /** For plan, which must not throw InterruptedException: an interrupt is kept and reported as a failure. */
    public <T> T read(String what, Supplier<T> op) throws StepException {
        try {
            return Calls.call(ctx, what, op);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepException(what + ": interrupted", true);
        }
    }

    public Waits.Deadline deadline(Duration dflt) {
        return Waits.deadline(ctx, dflt);
    }

    public String stepId() {
        return ctx.stepId();
    }

    /** A step error the user must fix (not retried). */
    public StepException invalid(String message) {
        return new InvalidInputException(ctx.stepId() + ": " + message);
    }
}
