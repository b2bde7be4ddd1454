package dev.runner.cli.fleet;

import dev.runner.exec.Cancellation;
import dev.runner.exec.ExecOptions;
import dev.runner.exec.Executor;
import dev.runner.exec.ExprInputs;
import dev.runner.exec.Interrupts;
import dev.runner.exec.RunOutcome;
import dev.runner.exec.RunSession;
import dev.runner.model.Secrets;
import dev.runner.model.Workflow;
import dev.runner.state.LockedException;
import dev.runner.state.RunPhase;
import dev.runner.state.RunStore;
import dev.runner.state.StateDir;
import dev.runner.step.StepRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code run --targets} and {@code resume --targets}: the workflow once per target, up to {@code parallel} targets
 * at once, each an ordinary run with its own state dir entry and its own target lock (context + namespace), its
 * steps one after the other. Ctrl-C stops every running target (each records "interrupted") and starts no more.
 */
public final class Fleet {
    /** What the command gives: the loaded workflow and targets, and its options. */
    public record Inputs(Workflow wf, Path targetsFile, List<Target> targets, Map<String, String> cliParams,
            Optional<Path> paramsFile, Optional<dev.runner.load.RepositoryProfile> repository,
            Map<String, String> baseSettings, StateDir stateDir, ExecOptions exec,
            int parallel, boolean force) {
    }

    /** The command's shared services. {@code register} registers a target's secret values for masking. */
    public record Services(StepRegistry registry, Secrets secrets, Map<String, String> env,
            Consumer<dev.runner.load.BoundParams> register, Consumer<String> warn, PrintWriter out, PrintWriter err,
            boolean terminal) {
    }

    private final Services sv;

    public Fleet(Services services) {
        this.sv = services;
    }

    /** A new run for every target. */
    public int run(Inputs in) throws dev.runner.load.LoadException, IOException {
        List<TargetInputs> all = bind(in);
        FleetRecord record = FleetRecord.create(in.stateDir(), in.wf().source(), in.targetsFile());
        record.save();
        return execute(in, all, record, false);
    }

    /** Only the targets whose last run did not succeed (or that never started) go on. */
    public int resume(Inputs in, FleetRecord record) throws dev.runner.load.LoadException, IOException {
        return execute(in, bind(in), record, true);
    }

    private List<TargetInputs> bind(Inputs in) throws dev.runner.load.LoadException {
        List<TargetInputs> all = TargetInputs.bindAll(in.wf(), in.targets(), in.cliParams(), in.paramsFile(),
                in.repository(), in.baseSettings(), sv.env());
        all.forEach(t -> {
            t.params().warnings().forEach(w -> sv.warn().accept("[" + t.target().name() + "] " + w));
            sv.register().accept(t.params());
        });
        return all;
    }

    private int execute(Inputs in, List<TargetInputs> all, FleetRecord record, boolean resume) throws IOException {
        Board board = new Board(in.targets(), sv.secrets());
        Cancellation fleetStop = new Cancellation();
        List<Cancellation> running = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(in.parallel(), r -> {
            Thread t = new Thread(r, "fleet-target");
            t.setDaemon(true);
            return t;
        });
        try (Interrupts ignored = Interrupts.install(fleetStop, m -> {
                sv.err().println("runner: " + m);
                sv.err().flush();
            }); LiveView view = new LiveView(board, sv.out(), sv.terminal())) {
            Thread relay = relay(fleetStop, running);
            for (TargetInputs t : all) {
                pool.submit(() -> one(in, t, record, resume, board, fleetStop, running));
            }
            pool.shutdown();
            while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                // the targets run; Ctrl-C reaches them through the relay
            }
            relay.interrupt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fleetStop.cancel("interrupted", true);
        }
        return new Summary(board, in.targetsFile(), in.wf()).print(sv.out(), resume);
    }

    /** Hands a fleet-wide stop to every running target's own cancellation (a target's timeout stops only it). */
    private static Thread relay(Cancellation fleetStop, List<Cancellation> running) {
        Thread t = new Thread(() -> {
            try {
                while (!fleetStop.cancelled()) {
                    Thread.sleep(100);
                }
                running.forEach(c -> c.cancel(fleetStop.reason().orElse("interrupted"), fleetStop.byUser()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fleet-stop");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void one(Inputs in, TargetInputs t, FleetRecord record, boolean resume, Board board,
            Cancellation fleetStop, List<Cancellation> running) {
        String name = t.target().name();
        if (fleetStop.cancelled()) {
            board.finished(name, Board.State.NOT_STARTED, "");
            return;
        }
        try {
            Optional<String> previous = resume ? record.run(name) : Optional.empty();
            if (previous.isPresent() && succeeded(in.stateDir(), previous.get())) {
                board.row(name).runId = previous.get();
                board.finished(name, Board.State.DONE_BEFORE, "");
                return;
            }
            board.started(name);
            Cancellation own = new Cancellation();
            running.add(own);
            if (fleetStop.cancelled()) {
                own.cancel(fleetStop.reason().orElse("interrupted"), true);
            }
            RunSession.Params p = new RunSession.Params(t.params().values(), t.params().secretNames());
            Consumer<String> warn = w -> sv.warn().accept("[" + name + "] " + w);
            try (RunSession session = previous.isPresent()
                    ? RunSession.resume(in.stateDir(), previous.get(), in.wf(), p, t.settings(), sv.secrets(),
                            in.force(), List.of(), List.of(), warn)
                    : RunSession.start(in.stateDir(), in.wf(), p, t.settings(), sv.secrets(), warn)) {
                board.row(name).runId = session.runId();
                record.put(name, session.runId());
                RunOutcome outcome = new Executor(in.wf(), sv.registry(), new ExprInputs(t.params().values(), sv.env()),
                        t.settings(), sv.secrets(), board.listener(name), session.store(), own, in.exec()).execute();
                board.finished(name, Board.of(outcome), "");
            }
        } catch (LockedException e) {
            board.finished(name, Board.State.LOCKED, e.getMessage());
        } catch (RunSession.Refused e) {
            board.finished(name, Board.State.REFUSED, e.getMessage());
        } catch (IOException e) {
            board.finished(name, Board.State.FAILED, "cannot write the run's state: " + e.getMessage());
        } catch (RuntimeException e) {
            board.finished(name, Board.State.FAILED, e.toString());
        }
    }

    private static boolean succeeded(StateDir dir, String runId) throws IOException {
        Path runDir = dir.runDir(runId);
        return Files.isDirectory(runDir) && RunStore.load(runDir).phase() == RunPhase.SUCCEEDED;
    }
}
