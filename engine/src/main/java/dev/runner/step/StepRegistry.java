package dev.runner.step;

import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The step types known to a run, by name. Discovered types are found lazily, in class-path order: a lookup
 * reads {@link ServiceLoader}'s provider files only until the name turns up. That matters for a cold start:
 * reading every provider file opens every jar on the class path (about 25 ms for the 70 jars of
 * {@code ./runner}; see {@link FirstMatchFirst}), while the built-in types are all listed in the engine's
 * jar, which comes first. Listing the types ({@link #all}, {@link #names}) reads every jar; that is also where
 * two types with one name are refused, since a name lookup stops at the first provider, as
 * {@link ServiceLoader} itself would.
 */
public final class StepRegistry {
    private final Map<String, StepType> types;
    private Iterator<StepType> undiscovered;

    private StepRegistry(Map<String, StepType> types, Iterator<StepType> undiscovered) {
        this.types = types;
        this.undiscovered = undiscovered;
    }

    /** Every type on the classpath, found with {@link ServiceLoader}. */
    public static StepRegistry discover() {
        return discover(StepRegistry.class.getClassLoader());
    }

    public static StepRegistry discover(ClassLoader loader) {
        return new StepRegistry(new TreeMap<>(),
                ServiceLoader.load(StepType.class, new FirstMatchFirst(loader)).iterator());
    }

    public static StepRegistry of(StepType... list) {
        Map<String, StepType> map = new TreeMap<>();
        for (StepType t : list) {
            map.put(t.name(), t);
        }
        return new StepRegistry(map, null);
    }

    public synchronized Optional<StepType> find(String name) {
        while (!types.containsKey(name) && discoverNext()) {
            // reads on until the name is found or every provider is known
        }
        return Optional.ofNullable(types.get(name));
    }

    public synchronized Collection<StepType> all() {
        discoverAll();
        return Collections.unmodifiableCollection(types.values());
    }

    public synchronized Set<String> names() {
        discoverAll();
        return Collections.unmodifiableSet(types.keySet());
    }

    private void discoverAll() {
        while (discoverNext()) {
            // every provider on the class path
        }
    }

    private boolean discoverNext() {
        if (undiscovered == null) {
            return false;
        }
        if (!undiscovered.hasNext()) {
            undiscovered = null;
            return false;
        }
        StepType type = undiscovered.next();
        StepType previous = types.putIfAbsent(type.name(), type);
        if (previous != null && previous.getClass() != type.getClass()) {
            throw new IllegalStateException("two step types are named '" + type.name() + "': "
                    + previous.getClass().getName() + " and " + type.getClass().getName());
        }
        return true;
    }
}
