package dev.runner.cli;

import dev.runner.exec.RunSession;
import dev.runner.load.BoundParams;
import dev.runner.load.LoadException;
import dev.runner.model.Workflow;
import dev.runner.state.StateBackend;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a workflow, recording every step durably so that `runner resume` can continue it.",
                "Progress goes to stdout, one line per step transition, and a summary at the end."},
        footer = {"", "Example:  runner run workflows/recovery.yaml --context prod -p target=time"
                + " -p targetValue='2026-11-20 10:00:00+00'",
                "          runner run workflows/configure-backup.yaml --targets fleet.yaml --parallel 16",
                "", "Exit codes: 0 ok, 1 a step failed, 2 invalid input, 3 interrupted (resumable),"
                + " 4 another run holds the lock."})
final class RunCommand implements Callable<Integer> {
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

    @Mixin
    RunOptions run;

    @Mixin
    StateDirOption state;

    @Mixin
    TargetsOption fleet;

    @Mixin
    dev.runner.cli.incluster.InClusterOptions inCluster;

    @Override
    public Integer call() throws LoadException, java.io.IOException {
        Workflow wf = main.load(file);
        if (fleet.given()) {
            state.requireLocal("--targets");
            return fleet.run(main, spec, wf, params, cluster, run, state);
        }
        BoundParams bound = params.bind(wf, main, RunDriver.warner(main, spec));
        Map<String, String> settings = cluster.settings(main.env());
        if (inCluster.enabled()) {
            return dev.runner.cli.incluster.InClusterRun.start(inCluster, wf, bound, settings, main.env(),
                    main.registry(), main.secrets(), VersionProvider.version(), spec.commandLine().getOut(),
                    RunDriver.warner(main, spec));
        }
        RunSession.Params p = new RunSession.Params(bound.values(), bound.secretNames());
        try (StateBackend backend = state.backend(main.env(), settings)) {
            return RunDriver.execute(main, spec, wf, bound.values(), settings, run, () -> RunSession.start(
                    backend, wf, p, settings, main.secrets(), RunDriver.warner(main, spec)));
        }
    }
}
