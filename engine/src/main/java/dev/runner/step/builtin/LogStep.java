package dev.runner.step.builtin;

import dev.runner.step.Args;
import dev.runner.step.Observation;
import dev.runner.step.StepContext;
import dev.runner.step.StepException;
import dev.runner.step.StepOutputs;
import dev.runner.step.StepPlan;
import dev.runner.step.StepResult;
import dev.runner.step.StepSchemas;
import dev.runner.step.StepType;
import java.util.Map;

/** Prints a message (also its summary, so it shows in the run's summary). Changes nothing, so it is idempotent and always observed as done. */
public final class LogStep implements StepType {

    @Override
    public String name() {
        return "log";
    }

    @Override
    public String description() {
        return "Print a message";
    }

    @Override
    public String withSchema() {
        return StepSchemas.resource(LogStep.class, "log.schema.json");
    }

    @Override
    public StepOutputs outputs() {
        return StepOutputs.of();
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public StepPlan plan(StepContext ctx) throws StepException {
        return StepPlan.noChange("print: " + Args.of(ctx).string("message"));
    }

    @Override
    public StepResult run(StepContext ctx) throws StepException {
        String message = Args.of(ctx).string("message");
        ctx.log().info(message);
        return StepResult.ok(message);
    }

    @Override
    public Observation observe(StepContext ctx) {
        return Observation.done(Map.of(), "printing has no lasting effect");
    }
}
