package dev.runner.k8s.manifest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Canonical YAML of an object for diffs: keys sorted, fields the server owns dropped (status, resourceVersion,
 * uid, managedFields …), and Secret values replaced by {@code ***} ({@code *** (changed)} on the side that
 * differs), so a plan shows which keys change without showing a value.
 */
public final class Render {
    private static final YAMLMapper YAML = YAMLMapper.builder().disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .build();
    private static final List<String> SERVER_META = List.of("resourceVersion", "uid", "creationTimestamp",
            "generation", "managedFields", "selfLink");

    private Render() {
    }

    /** Live and desired as diffable lines; live may be null (the object does not exist). */
    public static List<List<String>> pair(Map<String, Object> live, Map<String, Object> desired) {
        Map<String, Object> l = live == null ? null : normalize(live);
        Map<String, Object> d = normalize(desired);
        if ("Secret".equals(d.get("kind"))) {
            Map<String, Object> liveData = l == null ? Map.of() : dataOf(l);
            if (l != null) {
                l.put("data", mask(liveData, null));
            }
            d.put("data", mask(dataOf(d), liveData));
            d.remove("stringData");
        }
        return List.of(l == null ? List.of() : lines(l), lines(d));
    }

    /** True when applying desired onto live would change nothing the user manages. */
    public static boolean same(Map<String, Object> live, Map<String, Object> merged) {
        return normalize(live).equals(normalize(merged));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> normalize(Map<String, Object> o) {
        Map<String, Object> sorted = (Map<String, Object>) sort(o);
        sorted.remove("status");
        if (sorted.get("metadata") instanceof Map<?, ?> meta) {
            SERVER_META.forEach(meta::remove);
            if (meta.get("annotations") instanceof Map<?, ?> ann) {
                ann.remove("deployment.kubernetes.io/revision");
                if (ann.isEmpty()) {
                    meta.remove("annotations");
                }
            }
        }
        return sorted;
    }

    @SuppressWarnings("unchecked")
    private static Object sort(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, v) -> {
                if (v != null) {
                    out.put(String.valueOf(k), sort(v));
                }
            });
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(sort(v)));
            return out;
        }
        if (o instanceof Number n) {
            // a manifest's 3600 parses as Integer, the live int64 field (startingDeadlineSeconds, runAsUser …)
            // reads back as Long: the same value must compare equal
            java.math.BigDecimal d = new java.math.BigDecimal(n.toString());
            try {
                return d.longValueExact();
            } catch (ArithmeticException fractionalOrHuge) {
                return d.doubleValue();
            }
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dataOf(Map<String, Object> secret) {
        Object d = secret.get("data");
        return d instanceof Map ? (Map<String, Object>) d : Map.of();
    }

    private static Map<String, Object> mask(Map<String, Object> data, Map<String, Object> other) {
        Map<String, Object> out = new TreeMap<>();
        data.forEach((k, v) -> out.put(k, other == null || Objects.equals(other.get(k), v) ? "***" : "*** (changed)"));
        return out;
    }

    private static List<String> lines(Map<String, Object> o) {
        return Arrays.asList(YAML.writeValueAsString(o).split("\n"));
    }
}
