package dev.runner.plan;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * Step outputs at plan time, when no step has run: every output of a known step reads as
 * {@code <output of step ID>}, so later steps' inputs can still be shown.
 */
final class PendingOutputs extends AbstractMap<String, Map<String, String>> {
    private final Set<String> stepIds;

    PendingOutputs(Set<String> stepIds) {
        this.stepIds = Set.copyOf(stepIds);
    }

    private static final String PREFIX = "<output of step ";

    static String placeholder(String stepId) {
        return PREFIX + stepId + ">";
    }

    /** Whether {@code text} holds an output that is not known before the run. */
    static boolean pending(String text) {
        return text.contains(PREFIX);
    }

    @Override
    public Map<String, String> get(Object stepId) {
        if (!stepIds.contains(stepId)) {
            return null;
        }
        String value = placeholder((String) stepId);
        return new AbstractMap<>() {
            @Override
            public String get(Object key) {
                return value;
            }

            @Override
            public Set<Entry<String, String>> entrySet() {
                return Set.of();
            }
        };
    }

    @Override
    public boolean containsKey(Object stepId) {
        return stepIds.contains(stepId);
    }

    @Override
    public Set<Entry<String, Map<String, String>>> entrySet() {
        return Set.of();
    }
}
