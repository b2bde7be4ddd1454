package dev.runner.cli;

import dev.runner.cli.fleet.Fleet;
import dev.runner.cli.fleet.FleetRecord;
import dev.runner.cli.fleet.TargetsFile;
import dev.runner.exec.ExecOptions;
import dev.runner.load.LoadException;
import dev.runner.model.Workflow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --targets FILE} of run and resume: hands the command's options to {@link Fleet}. */
public final class TargetsOption {
    @Option(names = "--targets", paramLabel = "TARGETS.yaml",
            description = "Run once per target of this file (a fleet; see docs/operations.md): each target its own run,"
                    + " state and lock; --parallel N targets at once, each target's steps one after the other.")
    Path targets;

    boolean given() {
        return targets != null;
    }

    int run(Main main, CommandSpec spec, Workflow wf, ParamsOptions params, ClusterOptions cluster, RunOptions run,
            StateDirOption state) throws LoadException, IOException {
        return fleet(main, spec).run(inputs(main, wf, params, cluster, run, state, false));
    }

    int resume(Main main, CommandSpec spec, ParamsOptions params, ClusterOptions cluster, RunOptions run,
            StateDirOption state, boolean force) throws LoadException, IOException {
        var dir = state.resolve(main.env());
        var record = FleetRecord.read(dir, targets).orElseThrow(() -> new UserError("no fleet run of " + targets
                + " in " + dir.root() + " (start one with `runner run FILE --targets " + targets + "`)"));
        Workflow wf = main.load(record.workflow());
        return fleet(main, spec).resume(inputs(main, wf, params, cluster, run, state, force), record);
    }

    private Fleet.Inputs inputs(Main main, Workflow wf, ParamsOptions params, ClusterOptions cluster, RunOptions run,
            StateDirOption state, boolean force) throws LoadException {
        if (run.output == RunOptions.Output.JSON) {
            throw new UserError("--targets shows a table and a summary; -o json is for a single run");
        }
        ExecOptions steps = run.exec(wf);
        return new Fleet.Inputs(wf, targets, TargetsFile.load(targets, wf), params.values,
                Optional.ofNullable(params.file), params.profile(main), cluster.settings(main.env()), state.resolve(main.env()),
                new ExecOptions(1, steps.runTimeout(), steps.grace()), steps.parallel(), force);
    }

    private static Fleet fleet(Main main, CommandSpec spec) {
        return new Fleet(new Fleet.Services(main.registry(), main.secrets(), main.env(),
                b -> ParamsOptions.registerSecrets(b, main, RunDriver.warner(main, spec)), RunDriver.warner(main, spec),
                spec.commandLine().getOut(), spec.commandLine().getErr(),
                System.console() != null && !"dumb".equals(main.env().get("TERM"))));
    }
}
