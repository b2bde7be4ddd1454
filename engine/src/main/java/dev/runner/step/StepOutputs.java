package dev.runner.step;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The output names a step type publishes ({@link StepType#outputs()}), so that a reference
 * {@code ${steps.ID.outputs.NAME}} to a name the step never sets is a load error, not a failure at run time after
 * earlier steps have had their effects. A declaration is plain data: declaring outputs must not load anything
 * heavy (a Kubernetes client), since {@code runner validate} reads it.
 *
 * <p>{@link #undeclared()} accepts every name; it is the default, so a step type written before outputs were
 * declared keeps working unchanged.
 */
public final class StepOutputs {
    private static final StepOutputs UNDECLARED = new StepOutputs(null, List.of());

    /** Null when undeclared. */
    private final Set<String> names;
    private final List<String> keysOf;

    private StepOutputs(Set<String> names, List<String> keysOf) {
        this.names = names;
        this.keysOf = keysOf;
    }

    /** Nothing declared: any name is accepted (checked only when the step has run). */
    public static StepOutputs undeclared() {
        return UNDECLARED;
    }

    /** Exactly these names; {@code of()} for a type that publishes no outputs. */
    public static StepOutputs of(String... names) {
        return new StepOutputs(Set.copyOf(new LinkedHashSet<>(List.of(names))), List.of());
    }

    /**
     * These outputs and, for a step whose outputs are named in its {@code with}, each key {@code K} of the mapping
     * {@code with.FIELD}, with {@code K.ANY} too (an output may be split into fields, like run-job's logOutputs).
     */
    public StepOutputs plusKeysOf(String field) {
        if (names == null) {
            throw new IllegalStateException("undeclared outputs accept every name already");
        }
        List<String> fields = new java.util.ArrayList<>(keysOf);
        fields.add(field);
        return new StepOutputs(names, List.copyOf(fields));
    }

    public boolean declared() {
        return names != null;
    }

    /** Whether a step of this type with this {@code with} can publish {@code name}. */
    public boolean accepts(String name, Map<String, Object> with) {
        if (names == null || names.contains(name)) {
            return true;
        }
        for (String key : withKeys(with)) {
            if (name.equals(key) || name.startsWith(key + ".")) {
                return true;
            }
        }
        return false;
    }

    /** The names declared for a step with this {@code with}, for messages; empty when undeclared. */
    public Optional<Set<String>> names(Map<String, Object> with) {
        if (names == null) {
            return Optional.empty();
        }
        Set<String> all = new java.util.TreeSet<>(names);
        all.addAll(withKeys(with));
        return Optional.of(all);
    }

    private Collection<String> withKeys(Map<String, Object> with) {
        List<String> keys = new java.util.ArrayList<>();
        for (String field : keysOf) {
            if (with.get(field) instanceof Map<?, ?> m) {
                m.keySet().forEach(k -> keys.add(String.valueOf(k)));
            }
        }
        return keys;
    }

    @Override
    public String toString() {
        return names == null ? "undeclared" : names + (keysOf.isEmpty() ? "" : " + keys of " + keysOf);
    }
}
