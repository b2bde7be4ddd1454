package dev.runner.step;

/**
 * A kind of step ({@code type:} in a workflow). Implementations are discovered with
 * {@link java.util.ServiceLoader} (list them in {@code META-INF/services/dev.runner.step.StepType}),
 * so a jar on the classpath adds types. Implementations must be stateless and thread-safe; keep
 * expensive imports (Kubernetes clients) out of the constructor so {@code runner validate} stays fast.
 */
public interface StepType {

    /** The name used in {@code type:}, e.g. {@code apply}. */
    String name();

    /** One line for {@code runner schema} and docs. */
    String description();

    /**
     * JSON Schema (draft 2020-12) of this type's {@code with} mapping, as JSON text. It should set
     * {@code additionalProperties: false} so typos are load errors.
     */
    String withSchema();

    /**
     * The outputs a step of this type publishes, checked by validate and plan against every
     * {@code ${steps.ID.outputs.NAME}}. The default, {@link StepOutputs#undeclared()}, accepts any name, so types
     * written before outputs were declared keep working; declare them (e.g. {@code StepOutputs.of("stdout")}) so a
     * misspelt name is a load error rather than a failure at run time. Plain data: no client may be created here.
     */
    default StepOutputs outputs() {
        return StepOutputs.undeclared();
    }

    /**
     * The Kubernetes API access a step of this type needs with these inputs ({@code runner rbac} turns it into the
     * least Role/ClusterRole a workflow needs). Plain data: no client may be created here, and nothing read from a
     * cluster. Where the access depends on a value only known at run time, say so with
     * {@link AccessArgs#cannotTell}. The default, none, fits types that do not talk to the API server.
     */
    default java.util.List<ApiAccess> apiAccess(AccessArgs args) {
        return java.util.List.of();
    }

    /** Whether running the step again after it was interrupted is safe (a step may override it). */
    default boolean idempotent() {
        return false;
    }

    /** Describes what {@link #run} would do. Must not change anything anywhere. */
    StepPlan plan(StepContext ctx) throws StepException;

    /** Does the work. Honour {@link StepContext#cancelled()} in long waits. */
    StepResult run(StepContext ctx) throws StepException, InterruptedException;

    /**
     * Used by resume for a step that was started but not recorded as finished: is its effect already
     * in place? Must not change anything.
     */
    default Observation observe(StepContext ctx) throws StepException, InterruptedException {
        return Observation.unknown("step type " + name() + " cannot observe its effect");
    }
}
