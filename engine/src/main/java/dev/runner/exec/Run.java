package dev.runner.exec;

import dev.runner.model.Secrets;
import dev.runner.model.Workflow;
import dev.runner.state.Event;
import dev.runner.state.RunStorage;
import dev.runner.step.Services;
import dev.runner.step.StepRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What every step task of one run shares. */
final class Run {
    final Workflow workflow;
    final StepRegistry registry;
    final Inputs inputs;
    final Map<String, String> settings;
    final Secrets secrets;
    final RunListener listener;
    final RunStorage store;
    final Cancellation cancellation;
    final ExecOptions options;
    final Services services = new Services();
    /** Threads for attempts with a timeout (see {@link Attempt}); daemon, so a stuck step cannot hold the JVM. */
    final java.util.concurrent.ExecutorService helpers = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "runner-attempt");
        t.setDaemon(true);
        return t;
    });
    final Backoff backoff = new Backoff(java.util.random.RandomGenerator.getDefault());
    /** Real (unmasked) outputs of finished steps; only ever in memory. */
    final Map<String, Map<String, String>> outputs = new ConcurrentHashMap<>();

    Run(Workflow workflow, StepRegistry registry, Inputs inputs, Map<String, String> settings, Secrets secrets,
        RunListener listener, RunStorage store, Cancellation cancellation, ExecOptions options) {
        this.workflow = workflow;
        this.registry = registry;
        this.inputs = inputs;
        this.settings = settings;
        this.secrets = secrets;
        this.listener = listener;
        this.store = store;
        this.cancellation = cancellation;
        this.options = options;
    }

    /** Durable append; a run that cannot record its progress must not go on acting. */
    void record(Event e) {
        try {
            store.append(e);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the run state in " + store.where() + ": " + ex.getMessage(), ex);
        }
    }

    /** Deferred append (see {@link RunStorage#appendDeferred}): made durable by the next recorded event. */
    void recordLater(Event e) {
        try {
            store.appendDeferred(e);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the run state in " + store.where() + ": " + ex.getMessage(), ex);
        }
    }

    void flush() {
        try {
            store.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the run state in " + store.where() + ": " + ex.getMessage(), ex);
        }
    }

    static String now() {
        return Instant.now().toString();
    }
}
