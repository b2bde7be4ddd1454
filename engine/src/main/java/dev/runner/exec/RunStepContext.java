package dev.runner.exec;

import dev.runner.model.Secrets;
import dev.runner.model.Step;
import dev.runner.step.StepContext;
import dev.runner.step.StepLog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The StepContext the executor hands to one attempt (or observation) of a step. */
final class RunStepContext implements StepContext {
    private final Step step;
    private final Map<String, Object> with;
    private final Map<String, String> settings;
    private final Optional<Duration> timeout;
    private final Cancellation run;
    private final Secrets secrets;
    private final Services services;
    private final StepLog log;
    private volatile boolean cancelled;

    RunStepContext(Step step, Map<String, Object> with, Map<String, String> settings, Optional<Duration> timeout,
                   Cancellation run, Secrets secrets, Services services, RunListener listener) {
        this.step = step;
        this.with = with;
        this.settings = settings;
        this.timeout = timeout;
        this.run = run;
        this.secrets = secrets;
        this.services = services;
        this.log = new StepLog() {
            @Override
            public void info(String message) {
                listener.stepLog(step, false, message);
            }

            @Override
            public void warn(String message) {
                listener.stepLog(step, true, message);
            }

            @Override
            public void progress(String message) {
                listener.stepProgress(step, message);
            }
        };
    }

    void cancel() {
        cancelled = true;
    }

    @Override
    public String stepId() {
        return step.id();
    }

    @Override
    public Map<String, Object> with() {
        return with;
    }

    @Override
    public Path baseDir() {
        Path f = step.pos().file();
        Path parent = f == null ? null : f.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of("").toAbsolutePath();
    }

    @Override
    public Map<String, String> settings() {
        return settings;
    }

    @Override
    public Optional<Duration> timeout() {
        return timeout;
    }

    @Override
    public boolean cancelled() {
        return cancelled || run.cancelled();
    }

    @Override
    public StepLog log() {
        return log;
    }

    @Override
    public void addSecret(String value) {
        secrets.add(value);
    }

    @Override
    public <T> T service(Class<T> type, Supplier<T> factory) {
        return services.get(type, factory);
    }
}
