package dev.runner.exec;

import dev.runner.model.Secrets;
import dev.runner.model.Step;
import dev.runner.model.Workflow;
import dev.runner.state.Event;
import dev.runner.state.RunPhase;
import dev.runner.state.RunState;
import dev.runner.state.RunStorage;
import dev.runner.state.StepRecord;
import dev.runner.state.StepStatus;
import dev.runner.step.StepRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a workflow's DAG against a {@link RunStorage}: steps whose needs are satisfied start in declaration
 * order (so with {@code --parallel 1} the order is the file's), at most {@code parallel} at once. What the
 * store already records is honoured: succeeded and skipped steps are never run again, failed ones run
 * again, and those left "running" by a dead process or stopped by the runner are first judged, all of them
 * before anything runs (see {@link InterruptedSteps}).
 * A failed step (without continueOnError) stops new steps from starting; running ones finish.
 */
public final class Executor {
    private final Run run;

    public Executor(Workflow workflow, StepRegistry registry, Inputs inputs, Map<String, String> settings,
                    Secrets secrets, RunListener listener, RunStorage store, Cancellation cancellation,
                    ExecOptions options) {
        this.run = new Run(workflow, registry, inputs, settings, secrets, listener, store, cancellation, options);
    }

    public RunOutcome execute() {
        Instant t0 = Instant.now();
        RunState st = run.store.state();
        Map<String, StepStatus> status = new HashMap<>();
        Set<String> crashed = new HashSet<>();
        Set<String> stopped = new HashSet<>();
        Map<String, Integer> attempts = new HashMap<>();
        for (Step s : run.workflow.steps()) {
            Optional<StepRecord> rec = st.step(s.id());
            status.put(s.id(), rec.map(StepRecord::status).filter(StepStatus::done).orElse(null));
            rec.ifPresent(r -> attempts.put(s.id(), r.attempt()));
            rec.filter(r -> r.status() == StepStatus.SUCCEEDED).ifPresent(r -> run.outputs.put(s.id(), r.outputs()));
            rec.filter(r -> r.status() == StepStatus.RUNNING).ifPresent(r -> crashed.add(s.id()));
            rec.filter(r -> r.status() == StepStatus.INTERRUPTED).ifPresent(r -> stopped.add(s.id()));
        }
        long done = status.values().stream().filter(v -> v != null).count();
        run.listener.runStarted(st.runId(), run.workflow.name(), run.workflow.steps().size(), (int) done, done > 0
                || !crashed.isEmpty() || !attempts.isEmpty());
        Optional<String> problem = SecretOutputRecovery.recover(run, status);
        if (problem.isEmpty()) {
            problem = InterruptedSteps.judge(run, status, attempts, crashed, stopped);
        }
        if (problem.isPresent()) {
            return finish(run.cancellation.byUser() ? RunOutcome.INTERRUPTED : RunOutcome.FAILED, problem.get(), t0);
        }
        // With --parallel 1 steps run on this thread: no hand-off between threads per step (which costs more
        // than the two fsyncs of a quick step on a busy machine); cancellation interrupts this thread instead.
        boolean inline = run.options.parallel() == 1;
        ExecutorService pool = inline ? null : Executors.newFixedThreadPool(run.options.parallel(), r -> {
            Thread t = new Thread(r, "runner-step");
            t.setDaemon(true);
            return t;
        });
        Thread coordinator = Thread.currentThread();
        Object guard = new Object();
        boolean[] active = {true};
        run.cancellation.onCancel(() -> {
            if (pool != null) {
                pool.shutdownNow();
            }
            synchronized (guard) {
                if (inline && active[0]) {
                    coordinator.interrupt();
                }
            }
        });
        ScheduledExecutorService watchdog = watchdog();
        try {
            return loop(inline ? Runnable::run : pool, pool, status, attempts, t0);
        } finally {
            synchronized (guard) {
                active[0] = false;
            }
            Thread.interrupted(); // a late cancel must not leave this thread interrupted for the caller
            watchdog.shutdownNow();
            if (pool != null) {
                pool.shutdownNow();
            }
            run.helpers.shutdownNow();
            run.services.close();
        }
    }

    /** Cancels the run when the whole-run timeout passes. */
    private ScheduledExecutorService watchdog() {
        ScheduledExecutorService w = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "runner-watchdog");
            t.setDaemon(true);
            return t;
        });
        run.options.runTimeout().ifPresent(d -> w.schedule(() -> run.cancellation.cancel("the run timed out after "
                + Durations.human(d), false), d.toMillis(), TimeUnit.MILLISECONDS));
        return w;
    }

    private RunOutcome loop(java.util.concurrent.Executor exec, ExecutorService pool, Map<String, StepStatus> status,
                            Map<String, Integer> attempts, Instant t0) {
        CompletionService<StepTask.Done> cs = new ExecutorCompletionService<>(exec);
        Map<String, Future<StepTask.Done>> running = new HashMap<>();
        Schedule schedule = new Schedule(run.workflow, status);
        String failure = null;
        boolean failed = false;
        while (true) {
            while (!failed && !run.cancellation.cancelled() && running.size() < run.options.parallel()) {
                Step s = schedule.next().orElse(null);
                if (s == null) {
                    break;
                }
                StepTask task = new StepTask(run, s, attempts.getOrDefault(s.id(), 0));
                try {
                    running.put(s.id(), cs.submit(task));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    break; // cancelled meanwhile
                }
            }
            if (running.isEmpty()) {
                break;
            }
            StepTask.Done d;
            try {
                Future<StepTask.Done> f = cs.poll(200, TimeUnit.MILLISECONDS);
                if (f == null) {
                    run.flush(); // steps finished while others run long: make their records durable now
                    if (run.cancellation.cancelled()) {
                        awaitRunning(pool);
                        break;
                    }
                    continue;
                }
                d = f.get();
            } catch (InterruptedException e) {
                run.cancellation.cancel("interrupted", true);
                awaitRunning(pool);
                break;
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                run.cancellation.cancel(c.getMessage(), false);
                awaitRunning(pool);
                return finish(RunOutcome.FAILED, run.secrets.mask(String.valueOf(c.getMessage())), t0);
            }
            running.remove(d.step().id());
            if (d.status() == StepStatus.RUNNING || d.status() == StepStatus.INTERRUPTED) {
                if (d.attention()) {
                    failed = true;
                    failure = d.error();
                }
                continue;
            }
            status.put(d.step().id(), d.status());
            schedule.finished(d.step(), d.status());
            if (d.status() == StepStatus.FAILED && !d.step().continueOnError()) {
                failed = true;
                failure = failure != null ? failure : "step '" + d.step().id() + "' failed: " + d.error();
            }
        }
        Thread.interrupted();
        if (run.cancellation.cancelled()) {
            String why = run.cancellation.reason().orElse("cancelled");
            return finish(run.cancellation.byUser() ? RunOutcome.INTERRUPTED : RunOutcome.FAILED, why, t0);
        }
        if (failed) {
            return finish(RunOutcome.FAILED, failure, t0);
        }
        return finish(RunOutcome.SUCCEEDED, null, t0);
    }

    /**
     * Interrupts the running steps and waits (bounded by the grace period) until their threads have ended,
     * so a step's own cleanup (killing its process group) is done before the run records its end and exits.
     */
    private void awaitRunning(ExecutorService pool) {
        if (pool == null) {
            return; // inline: the step already returned on this thread
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(run.options.grace().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private RunOutcome finish(RunOutcome outcome, String error, Instant t0) {
        RunPhase phase = switch (outcome) {
            case SUCCEEDED -> RunPhase.SUCCEEDED;
            case INTERRUPTED -> RunPhase.INTERRUPTED;
            default -> RunPhase.FAILED;
        };
        run.record(Event.runFinished(Run.now(), phase, error));
        run.listener.runFinished(run.store.state().runId(), outcome, Duration.between(t0, Instant.now()),
                error == null ? null : run.secrets.mask(error));
        return outcome;
    }
}
