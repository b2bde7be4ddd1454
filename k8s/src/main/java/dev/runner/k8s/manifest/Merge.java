package dev.runner.k8s.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The object an apply writes: the desired manifest laid over the live object. Desired values win; fields only
 * the live object has (server defaults, other writers' labels, resourceVersion) are kept. Lists of objects are
 * matched by {@code name} (or by position when equally long and unnamed) so defaulted fields inside containers
 * survive; any other list is replaced whole. Fields dropped from a manifest are therefore not removed.
 */
public final class Merge {
    private Merge() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> overlay(Map<String, Object> live, Map<String, Object> desired) {
        Map<String, Object> out = new LinkedHashMap<>(live);
        desired.forEach((k, v) -> out.put(k, merge(live.get(k), v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object merge(Object live, Object desired) {
        if (live instanceof Map && desired instanceof Map) {
            return overlay((Map<String, Object>) live, (Map<String, Object>) desired);
        }
        if (live instanceof List<?> l && desired instanceof List<?> d && allMaps(l) && allMaps(d)) {
            return mergeLists((List<Map<String, Object>>) l, (List<Map<String, Object>>) d);
        }
        return desired;
    }

    private static List<Object> mergeLists(List<Map<String, Object>> live, List<Map<String, Object>> desired) {
        List<Object> out = new ArrayList<>();
        boolean named = desired.stream().allMatch(m -> m.get("name") != null);
        for (int i = 0; i < desired.size(); i++) {
            Map<String, Object> d = desired.get(i);
            Map<String, Object> match = null;
            if (named) {
                match = live.stream().filter(m -> d.get("name").equals(m.get("name"))).findFirst().orElse(null);
            } else if (live.size() == desired.size()) {
                match = live.get(i);
            }
            out.add(match == null ? d : overlay(match, d));
        }
        return out;
    }

    private static boolean allMaps(List<?> l) {
        return !l.isEmpty() && l.stream().allMatch(o -> o instanceof Map);
    }
}
