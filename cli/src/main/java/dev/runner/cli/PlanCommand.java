package dev.runner.cli;

import dev.runner.cli.fleet.FleetPlan;
import dev.runner.load.BoundParams;
import dev.runner.load.LoadException;
import dev.runner.model.Secrets;
import dev.runner.model.Workflow;
import dev.runner.plan.Plan;
import dev.runner.plan.PlanJson;
import dev.runner.plan.PlanText;
import dev.runner.plan.PlannedStep;
import dev.runner.plan.Planner;
import dev.runner.step.StepLog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show what a run would do, without changing anything.",
                "Lists the steps in order with their resolved inputs (secrets as ***), the steps skipped by",
                "`when`, and what each step type would change."},
        footer = {"", "Example:  runner plan workflows/recovery.yaml -p target=time -p targetValue='2026-11-20 10:00:00+00'",
                "", "Exit codes: 0 planned, 1 a step type could not plan (e.g. cluster unreachable),"
                        + " 2 invalid workflow, parameters or inputs."})
final class PlanCommand implements Callable<Integer> {
    enum Output { TEXT, JSON }

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Workflow file.")
    Path file;

    @Mixin
    ParamsOptions params;

    @Mixin
    ClusterOptions cluster;

    @Option(names = {"-o", "--output"}, paramLabel = "text|json", defaultValue = "text",
            description = "Output format: text (default) or json.")
    Output output;

    @Option(names = "--targets", paramLabel = "TARGETS.yaml",
            description = "Plan every target of this targets file, as `run --targets` would run them.")
    Path targets;

    @Override
    public Integer call() throws LoadException {
        Workflow wf = main.load(file);
        if (targets != null) {
            return planFleet(wf);
        }
        BoundParams bound = params.bind(wf, main, RunDriver.warner(main, spec));
        PrintWriter err = spec.commandLine().getErr();
        Plan plan = new Planner(main.registry()).plan(wf, bound, cluster.settings(main.env()), main.env(),
                id -> new PrintingLog(id, err, main.secrets()));
        PrintWriter out = spec.commandLine().getOut();
        out.print(main.secrets().mask(output == Output.JSON ? PlanJson.render(plan) + "\n" : PlanText.render(plan)));
        out.flush();
        if (plan.count(PlannedStep.Status.INVALID) > 0) {
            return ExitCode.INVALID;
        }
        return plan.count(PlannedStep.Status.FAILED) > 0 ? ExitCode.STEP_FAILED : ExitCode.OK;
    }

    private int planFleet(Workflow wf) throws LoadException {
        PrintWriter err = spec.commandLine().getErr();
        FleetPlan fleet = FleetPlan.of(main.registry(), wf, targets, params.values, java.util.Optional.ofNullable(params.file),
                params.profile(main), cluster.settings(main.env()), main.env(),
                b -> ParamsOptions.registerSecrets(b, main, RunDriver.warner(main, spec)),
                (target, id) -> new PrintingLog(target + "] [" + id, err, main.secrets()));
        PrintWriter out = spec.commandLine().getOut();
        out.print(main.secrets().mask(output == Output.JSON ? fleet.json() + "\n" : fleet.text()));
        out.flush();
        if (fleet.count(PlannedStep.Status.INVALID) > 0) {
            return ExitCode.INVALID;
        }
        return fleet.count(PlannedStep.Status.FAILED) > 0 ? ExitCode.STEP_FAILED : ExitCode.OK;
    }

    /** What a step type says while planning, on stderr so that stdout stays the plan. */
    private record PrintingLog(String stepId, PrintWriter err, Secrets secrets) implements StepLog {
        @Override
        public void info(String message) {
            err.println("[" + stepId + "] " + secrets.mask(message));
        }

        @Override
        public void warn(String message) {
            err.println("[" + stepId + "] warning: " + secrets.mask(message));
        }

        @Override
        public void progress(String message) {
            info(message);
        }
    }
}
