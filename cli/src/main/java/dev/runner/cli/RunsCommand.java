package dev.runner.cli;

import dev.runner.exec.Durations;
import dev.runner.state.RunEntry;
import dev.runner.state.StateBackend;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"List the runs in the state dir (or the cluster's, with --state cluster), oldest first: id, workflow, state, start, duration.",
                "States: running, succeeded, failed, interrupted, crashed (the process died; resumable)."})
final class RunsCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    StateDirOption state;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws IOException {
        List<RunEntry> all;
        String where;
        try (StateBackend dir = state.backend(main.env(), cluster.settings(main.env()))) {
            all = dir.list();
            where = dir.where();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (all.isEmpty()) {
            out.println("no runs in " + where);
            return ExitCode.OK;
        }
        String fmt = "%-22s %-20s %-12s %-21s %s%n";
        out.printf(fmt, "ID", "WORKFLOW", "STATE", "STARTED", "DURATION");
        for (RunEntry e : all) {
            if (e.state() == null) {
                out.printf(fmt, e.id(), "?", e.label(), "", e.problem());
            } else {
                String at = java.time.Instant.parse(e.state().started().at()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toString();
                out.printf(fmt, e.id(), e.state().started().workflowName(), e.label(), at,
                        Durations.human(e.state().duration()));
            }
        }
        out.flush();
        return ExitCode.OK;
    }
}
