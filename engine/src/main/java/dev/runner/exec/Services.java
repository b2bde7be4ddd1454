package dev.runner.exec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Objects shared by the steps of one run (StepContext.service), closed when the run ends. */
public final class Services implements AutoCloseable {
    private final Map<Class<?>, Object> map = new ConcurrentHashMap<>();

    public <T> T get(Class<T> type, Supplier<T> factory) {
        return type.cast(map.computeIfAbsent(type, k -> factory.get()));
    }

    @Override
    public void close() {
        for (Object o : map.values()) {
            if (o instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing at the end of the run; nothing left to report it to that the user could act on
                }
            }
        }
        map.clear();
    }
}
