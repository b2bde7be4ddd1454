package dev.runner.step;

import dev.runner.model.Secrets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * A plain {@link StepContext}: everything is given up front. Used at plan time as is, and by the executor
 * with a {@code cancelled} supplier wired to the run's cancellation.
 */
public final class BasicStepContext implements StepContext {
    private final String stepId;
    private final Map<String, Object> with;
    private final Path baseDir;
    private final Map<String, String> settings;
    private final Optional<Duration> timeout;
    private final BooleanSupplier cancelled;
    private final StepLog log;
    private final Secrets secrets;
    private final Services services;
    private final LongConsumer processStarted;

    public BasicStepContext(String stepId, Map<String, Object> with, Path baseDir, Map<String, String> settings,
            Optional<Duration> timeout, BooleanSupplier cancelled, StepLog log, Secrets secrets,
            Services services) {
        this(stepId, with, baseDir, settings, timeout, cancelled, log, secrets, services, pid -> { });
    }

    /** {@code processStarted}: what the executor does when the step reports a process group it started. */
    public BasicStepContext(String stepId, Map<String, Object> with, Path baseDir, Map<String, String> settings,
            Optional<Duration> timeout, BooleanSupplier cancelled, StepLog log, Secrets secrets,
            Services services, LongConsumer processStarted) {
        this.stepId = stepId;
        this.with = Collections.unmodifiableMap(new LinkedHashMap<>(with));
        this.baseDir = baseDir;
        this.settings = Map.copyOf(settings);
        this.timeout = timeout;
        this.cancelled = cancelled;
        this.log = log;
        this.secrets = secrets;
        this.services = services;
        this.processStarted = processStarted;
    }

    /** A context for planning: never cancelled, no timeout. */
    public static BasicStepContext forPlan(String stepId, Map<String, Object> with, Path baseDir,
            Map<String, String> settings, StepLog log, Secrets secrets, Services services) {
        return new BasicStepContext(stepId, with, baseDir, settings, Optional.empty(), () -> false, log, secrets,
                services);
    }

    @Override
    public String stepId() {
        return stepId;
    }

    @Override
    public Map<String, Object> with() {
        return with;
    }

    @Override
    public Path baseDir() {
        return baseDir;
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
        return cancelled.getAsBoolean();
    }

    @Override
    public StepLog log() {
        return log;
    }

    @Override
    public void processStarted(long pid) {
        processStarted.accept(pid);
    }

    @Override
    public void addSecret(String value) {
        secrets.add(value);
    }

    @Override
    public String mask(String text) {
        return secrets.mask(text);
    }

    @Override
    public <T> T service(Class<T> type, Supplier<T> factory) {
        return services.get(type, factory);
    }
}
