package dev.runner.step;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The shared services of one run or plan ({@link StepContext#service}): created on first use, closed in
 * reverse creation order by {@link #close()}.
 */
public final class Services implements AutoCloseable {
    private final Map<Class<?>, Object> byType = new LinkedHashMap<>();

    public synchronized <T> T get(Class<T> type, Supplier<T> factory) {
        Object existing = byType.get(type);
        if (existing == null) {
            existing = factory.get();
            byType.put(type, existing);
        }
        return type.cast(existing);
    }

    @Override
    public synchronized void close() {
        List<Object> reversed = new ArrayList<>(byType.values());
        Collections.reverse(reversed);
        byType.clear();
        for (Object service : reversed) {
            if (service instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // closing is best effort; a failing close must not hide the run's own outcome
                }
            }
        }
    }
}
