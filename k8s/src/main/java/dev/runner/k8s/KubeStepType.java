package dev.runner.k8s;

import dev.runner.step.Observation;
import dev.runner.step.StepContext;
import dev.runner.step.StepException;
import dev.runner.step.StepOutputs;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import dev.runner.step.StepType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Base of the Kubernetes step types. It knows the name, description, declared outputs and schema (a resource file
 * {@code dev/runner/k8s/schema/NAME.json}) and creates its {@link KubeAction} only when the step plans, runs or
 * is observed, so loading and validating a workflow never loads the Kubernetes client.
 */
public abstract class KubeStepType implements StepType {
    private final String name;
    private final String description;
    private final boolean idempotent;
    private final StepOutputs outputs;
    private final Supplier<KubeAction> action;

    protected KubeStepType(String name, String description, boolean idempotent, StepOutputs outputs,
                           Supplier<KubeAction> action) {
        this.name = name;
        this.description = description;
        this.idempotent = idempotent;
        this.outputs = outputs;
        this.action = action;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean idempotent() {
        return idempotent;
    }

    /** Declared by each type in its constructor: plain data, so validate reads it without the Kubernetes client. */
    @Override
    public StepOutputs outputs() {
        return outputs;
    }

    @Override
    public String withSchema() {
        String path = "schema/" + name + ".json";
        try (InputStream in = KubeStepType.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource dev/runner/k8s/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public StepPlan plan(StepContext ctx) throws StepException {
        try {
            return action.get().plan(new Kube(ctx));
        } catch (IllegalArgumentException e) {
            throw invalid(ctx, e);
        }
    }

    @Override
    public StepResult run(StepContext ctx) throws StepException, InterruptedException {
        try {
            return action.get().run(new Kube(ctx));
        } catch (IllegalArgumentException e) {
            throw invalid(ctx, e);
        }
    }

    @Override
    public Observation observe(StepContext ctx) throws StepException, InterruptedException {
        try {
            return action.get().observe(new Kube(ctx));
        } catch (IllegalArgumentException e) {
            throw invalid(ctx, e);
        }
    }

    /** Actions signal input the user must fix (bad manifest, unknown container) with IllegalArgumentException. */
    private static StepException invalid(StepContext ctx, IllegalArgumentException e) {
        return new StepException(ctx.stepId() + ": " + e.getMessage(), false, e);
    }
}
