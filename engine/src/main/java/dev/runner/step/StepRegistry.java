package dev.runner.step;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The step types known to a run, by name. */
public final class StepRegistry {
    private final Map<String, StepType> types;

    private StepRegistry(Map<String, StepType> types) {
        this.types = types;
    }

    /** Every type on the classpath, found with {@link ServiceLoader}. */
    public static StepRegistry discover() {
        return discover(StepRegistry.class.getClassLoader());
    }

    public static StepRegistry discover(ClassLoader loader) {
        Map<String, StepType> found = new TreeMap<>();
        for (StepType type : ServiceLoader.load(StepType.class, loader)) {
            StepType previous = found.putIfAbsent(type.name(), type);
            if (previous != null && previous.getClass() != type.getClass()) {
                throw new IllegalStateException("two step types are named '" + type.name() + "': "
                        + previous.getClass().getName() + " and " + type.getClass().getName());
            }
        }
        return new StepRegistry(found);
    }

    public static StepRegistry of(StepType... list) {
        Map<String, StepType> map = new TreeMap<>();
        for (StepType t : list) {
            map.put(t.name(), t);
        }
        return new StepRegistry(map);
    }

    public Optional<StepType> find(String name) {
        return Optional.ofNullable(types.get(name));
    }

    public Collection<StepType> all() {
        return types.values();
    }

    public java.util.Set<String> names() {
        return types.keySet();
    }
}
