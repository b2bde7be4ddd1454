package dev.runner.cli;

import dev.runner.exec.Durations;
import dev.runner.state.Json;
import dev.runner.state.RunState;
import dev.runner.state.RunEntry;
import dev.runner.state.StateBackend;
import dev.runner.state.StepRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a run's state and its steps (default: the latest run). Reads only; takes no lock.",
        footer = {"", "Example:  runner status --output json", "", "Exit codes: 0 shown, 2 no such run."})
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_ID", arity = "0..1", description = "The run (default: the latest one).")
    String runId;

    @Option(names = {"-o", "--output"}, paramLabel = "text|json", defaultValue = "text",
            description = "text (default) or json.")
    RunOptions.Output output;

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
        RunEntry e = all.stream().filter(x -> runId == null || x.id().equals(runId))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new UserError(runId == null ? "no runs in " + where
                        : "no run " + runId + " in " + where + " (see `runner runs`)"));
        if (e.state() == null) {
            throw new UserError("run " + e.id() + " cannot be read: " + e.problem());
        }
        PrintWriter out = spec.commandLine().getOut();
        RunState st = e.state();
        if (output == RunOptions.Output.JSON) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("runId", e.id());
            doc.put("state", e.label());
            doc.put("workflow", st.started().workflow());
            doc.put("startedAt", st.started().at());
            st.finishedAt().ifPresent(f -> doc.put("finishedAt", f));
            doc.put("durationMs", st.duration().toMillis());
            st.error().ifPresent(x -> doc.put("error", x));
            doc.put("params", st.started().params());
            doc.put("steps", st.steps().values());
            out.println(main.secrets().mask(Json.MAPPER.writeValueAsString(doc)));
        } else {
            out.println("run       " + e.id() + "  (" + e.label() + ")");
            out.println("workflow  " + st.started().workflowName() + "  " + st.started().workflow());
            out.println("started   " + st.started().at() + "  (pid " + st.started().pid() + " on " + st.started().host()
                    + ")");
            out.println("duration  " + Durations.human(st.duration()));
            st.error().ifPresent(x -> out.println("error     " + main.secrets().mask(x)));
            if (st.started().params() != null && !st.started().params().isEmpty()) {
                out.println("params    " + main.secrets().mask(st.started().params().toString()));
            }
            out.println("steps:");
            for (StepRecord r : st.steps().values()) {
                String d = r.finishedAt() == null ? "" : Durations.human(Duration.between(Instant.parse(r.startedAt()),
                        Instant.parse(r.finishedAt())));
                out.printf("  %-10s %-30s attempt %d  %s%n", r.status().label(), r.step(), r.attempt(), d);
                if (r.error() != null) {
                    out.println("             " + main.secrets().mask(r.error()));
                }
            }
        }
        out.flush();
        return ExitCode.OK;
    }
}
