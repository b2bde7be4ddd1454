package dev.runner.pgbackrest.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One metric family as the Prometheus and OpenMetrics data models know it: a name, a type, a unit and its HELP
 * text, with one sample per label set. Conventions (https://prometheus.io/docs/practices/naming/): base units,
 * the unit as the name's suffix, a counter's samples end with {@code _total} (the family name does not, as
 * OpenMetrics has it: https://github.com/OpenObservability/OpenMetrics/blob/main/specification/OpenMetrics.md).
 *
 * @param unit empty when the value has no unit (a count, a 0/1 state)
 */
public record MetricFamily(String name, Type type, String unit, String help, List<Sample> samples) {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    public enum Type {
        GAUGE, COUNTER;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param created for a counter, when it started counting from zero (epoch seconds; null when unknown)
     */
    public record Sample(Map<String, String> labels, double value, Double created) {
        public Sample {
            labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
        }
    }

    public MetricFamily {
        if (!NAME.matcher(name).matches() || name.endsWith("_total")) {
            throw new IllegalArgumentException("bad metric family name: " + name);
        }
        if (!unit.isEmpty() && !name.endsWith("_" + unit)) {
            throw new IllegalArgumentException(name + ": a metric's name ends with its unit " + unit);
        }
        samples = List.copyOf(samples);
    }

    public MetricFamily(String name, Type type, String unit, String help) {
        this(name, type, unit, help, List.of());
    }

    /** The same family with one more sample. */
    public MetricFamily with(Map<String, String> labels, double value) {
        return with(new Sample(labels, value, null));
    }

    public MetricFamily with(Sample sample) {
        List<Sample> all = new ArrayList<>(samples);
        all.add(sample);
        return new MetricFamily(name, type, unit, help, all);
    }

    /** The name of its value samples: the family name, or {@code name_total} for a counter. */
    public String sampleName() {
        return type == Type.COUNTER ? name + "_total" : name;
    }
}
