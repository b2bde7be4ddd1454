package dev.runner.cli;

import dev.runner.exec.RunSession;
import dev.runner.load.BoundParams;
import dev.runner.load.LoadException;
import dev.runner.model.Workflow;
import dev.runner.state.Event;
import dev.runner.state.RunPhase;
import dev.runner.state.RunState;
import dev.runner.state.RunEntry;
import dev.runner.state.StateBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Continue an interrupted or failed run where it stopped.",
                "Succeeded steps are never run again. A step that was running when the process died is first",
                "checked (its step type observes whether the effect is in place): done -> marked succeeded, not",
                "done -> run, cannot tell -> run again only if the step is idempotent, else resume stops and",
                "asks for --skip or --from.",
                "Params: the recorded values are used again; secret params are never stored, so give them again",
                "(-p, --params-file or their environment variable). With --params-file the recorded values are",
                "not used. A changed workflow file or changed params are refused unless --force."},
        footer = {"", "Examples:  runner resume", "           runner resume 20261125-101500-3fa2c1 --from restore",
                "", "Exit codes: 0 ok, 1 a step failed, 2 invalid input (or changed workflow/params),"
                + " 3 interrupted, 4 locked."})
final class ResumeCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_ID", arity = "0..1",
            description = "The run to resume (default: the latest unfinished run in the state dir).")
    String runId;

    @Option(names = "--from", paramLabel = "STEP",
            description = "Run STEP and every step downstream of it again, even if they succeeded.")
    List<String> from = new ArrayList<>();

    @Option(names = "--skip", paramLabel = "STEP", description = "Mark STEP as skipped without running it.")
    List<String> skip = new ArrayList<>();

    @Option(names = "--workflow", paramLabel = "FILE",
            description = {"The workflow file (default: the path the run was started from, as recorded). For a run",
                    "started on another machine (--state cluster), where the same file lies elsewhere."})
    Path workflow;

    @Option(names = "--force", description = "Resume even though the workflow file or the params changed.")
    boolean force;

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

    @Override
    public Integer call() throws LoadException, IOException {
        if (fleet.given()) {
            state.requireLocal("--targets");
            if (runId != null || !from.isEmpty() || !skip.isEmpty()) {
                throw new UserError("--targets resumes the unfinished targets' runs; RUN_ID, --from and --skip are for"
                        + " one run (runner resume RUN_ID of the target's run id in the summary)");
            }
            return fleet.resume(main, spec, params, cluster, run, state, force);
        }
        try (StateBackend dir = state.backend(main.env(), cluster.settings(main.env()))) {
            return resume(dir);
        }
    }

    private int resume(StateBackend dir) throws LoadException, IOException {
        String id = runId != null ? runId : defaultRun(dir);
        RunState st = dir.find(id).orElseThrow(
                () -> new UserError("no run " + id + " in " + dir.where() + " (see `runner runs`)"));
        if (st.phase() == RunPhase.SUCCEEDED && from.isEmpty()) {
            if (!skip.isEmpty()) { // nothing runs, but a step name that does not exist is still a usage error
                Workflow wf = main.load(workflowFile(st.started()));
                skip.stream().filter(s -> wf.step(s).isEmpty()).findFirst().ifPresent(s -> {
                    throw new UserError("no step '" + s + "' in " + wf.source());
                });
            }
            spec.commandLine().getOut().println("run " + id + " already succeeded; nothing to do"
                    + " (--from STEP runs steps again)");
            return ExitCode.OK;
        }
        Event started = st.started();
        Workflow wf = main.load(workflowFile(started));
        BoundParams bound = bind(wf, started);
        Map<String, String> settings = new LinkedHashMap<>(started.settings() == null ? Map.of() : started.settings());
        settings.putAll(cluster.settings(main.env()));
        RunSession.Params p = new RunSession.Params(bound.values(), bound.secretNames());
        return RunDriver.execute(main, spec, wf, bound.values(), settings, run, () -> RunSession.resume(dir, id, wf, p,
                settings, main.secrets(), force, from, skip, RunDriver.warner(main, spec)));
    }

    private Path workflowFile(Event started) {
        if (workflow != null) {
            return workflow;
        }
        Path recorded = Path.of(started.workflow());
        if (!java.nio.file.Files.exists(recorded)) {
            throw new UserError("run " + started.runId() + " was started from " + recorded + ", which is not on this"
                    + " machine: give --workflow FILE (the same workflow, wherever it lies here)");
        }
        return recorded;
    }

    /**
     * The newest unfinished run nobody holds; else the newest one a runner holds (or held, if it died and its Lease
     * has not expired yet), so that the lock refuses it naming the holder rather than "nothing to resume".
     */
    private static String defaultRun(StateBackend dir) throws IOException {
        Optional<RunEntry> free = dir.latestUnfinished();
        if (free.isPresent()) {
            return free.get().id();
        }
        List<RunEntry> all = dir.list();
        for (int i = all.size() - 1; i >= 0; i--) {
            RunEntry e = all.get(i);
            if (e.active() && e.state() != null && e.state().phase() != RunPhase.SUCCEEDED) {
                return e.id();
            }
        }
        throw new UserError("no unfinished run to resume in " + dir.where());
    }

    /** Recorded non-secret values below what is given now (-p wins); with --params-file only what is given now. */
    private BoundParams bind(Workflow wf, Event started) throws LoadException {
        Map<String, String> recorded = new LinkedHashMap<>();
        if (params.file == null && started.params() != null) {
            List<String> secret = started.secretParams() == null ? List.of() : started.secretParams();
            started.params().forEach((k, v) -> {
                if (!secret.contains(k) && wf.params().containsKey(k)) {
                    recorded.put(k, v);
                }
            });
        }
        return params.bind(wf, recorded, main, RunDriver.warner(main, spec));
    }
}
