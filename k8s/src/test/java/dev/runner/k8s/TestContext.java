package dev.runner.k8s;

import dev.runner.model.Secrets;
import dev.runner.step.StepContext;
import dev.runner.step.StepLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** A StepContext for driving step types directly: records log lines (masked) and shares services. */
final class TestContext implements StepContext, AutoCloseable {
    final Map<String, Object> with = new LinkedHashMap<>();
    final Map<String, String> settings;
    final Map<Class<?>, Object> services;
    final Secrets secrets = new Secrets();
    final List<String> lines = new ArrayList<>();
    Path baseDir = Path.of(".");
    Duration timeout = Duration.ofSeconds(20);
    volatile boolean cancelled;

    TestContext(Map<String, String> settings) {
        this(settings, new ConcurrentHashMap<>());
    }

    private TestContext(Map<String, String> settings, Map<Class<?>, Object> services) {
        this.settings = settings;
        this.services = services;
    }

    /** Another step of the same run (same services, same secrets view is not shared). */
    TestContext next() {
        TestContext c = new TestContext(settings, services);
        c.baseDir = baseDir;
        return c;
    }

    TestContext with(String key, Object value) {
        with.put(key, value);
        return this;
    }

    String logText() {
        return String.join("\n", lines);
    }

    @Override
    public String stepId() {
        return "test";
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
        return Optional.of(timeout);
    }

    @Override
    public boolean cancelled() {
        return cancelled;
    }

    @Override
    public StepLog log() {
        return new StepLog() {
            @Override
            public void info(String message) {
                add("info: " + message);
            }

            @Override
            public void warn(String message) {
                add("warn: " + message);
            }

            @Override
            public void progress(String message) {
                add("progress: " + message);
            }
        };
    }

    private synchronized void add(String line) {
        lines.add(secrets.mask(line));
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
    @SuppressWarnings("unchecked")
    public <T> T service(Class<T> type, Supplier<T> factory) {
        return (T) services.computeIfAbsent(type, k -> factory.get());
    }

    @Override
    public void close() throws Exception {
        for (Object s : services.values()) {
            if (s instanceof AutoCloseable a) {
                a.close();
            }
        }
    }
}
